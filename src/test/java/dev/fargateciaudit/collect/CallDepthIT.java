package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.inventory.Inventory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The depth of the chain of dependent calls (issue #32: at most 5 for the blog estate), counted
 * structurally, not timed: the scan runs through a {@link WaveRelay}, which answers requests in
 * waves, so the number of waves is the number of calls on the longest chain. The scan uses the
 * estate's own audit.yml and fargate.toml, as an audit does, and makes exactly the documented calls.
 */
class CallDepthIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  /** Far above the time the scan takes to send what an answer enables, so that no wave is split. */
  static final long QUIET_MILLIS = 1000;

  @Test
  void theBlogEstateIsFiveCallsDeep(@TempDir Path dir) throws Exception {
    Path config;
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      config = ExampleEstate.build(e, false, dir);
    }
    WaveRelay relay = new WaveRelay(MOTO.endpoint(), QUIET_MILLIS);
    Inventory inv = scan(relay, config);
    System.out.println("blog estate, calls by wave: " + relay.wavesByOperation());

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.meta().apiCalls()).isEqualTo(CallFormula.expected(
        List.of(new CallFormula.Region(-1, List.<int[]>of(new int[] {0, 0}), 1, 1, 2, 1, 0, 0, 1, false, 0, 0, 0, 3, 1, 1, 0, 1, 0)),
        new CallFormula.Iam(1, 2, 0, 5)));
    assertThat(relay.waves()).as("waves of calls: %s", relay.wavesByOperation()).hasSizeLessThanOrEqualTo(5);
  }

  /**
   * The hardened estate runs tasks behind a NAT gateway: its depth is the network's chain from the
   * tasks (DescribeClusters, ListTasks, DescribeTasks, DescribeSubnets, DescribeRouteTables,
   * DescribeNatGateways, DescribeAddresses), and the security groups do not wait for it.
   */
  @Test
  void theHardenedEstateIsAsDeepAsItsNetworkChain(@TempDir Path dir) throws Exception {
    Path config;
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      config = ExampleEstate.build(e, true, dir);
    }
    WaveRelay relay = new WaveRelay(MOTO.endpoint(), QUIET_MILLIS);
    Inventory inv = scan(relay, config);
    System.out.println("hardened estate, calls by wave: " + relay.wavesByOperation());

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.meta().apiCalls()).isEqualTo(CallFormula.expected(
        List.of(new CallFormula.Region(-1, List.<int[]>of(new int[] {0, 2}), 1, 1, 2, 1, 0, 2, 2, true, 1, 1, 0, 3, 1, 1, 0, 1, 1)),
        new CallFormula.Iam(1, 2, 2, 1)));
    assertThat(relay.waves()).as("waves of calls: %s", relay.wavesByOperation()).hasSizeLessThanOrEqualTo(7);
    assertThat(relay.wavesByOperation().get("ec2:DescribeSecurityGroups")).as("the security groups' wave").containsExactly(5);
  }

  private static Inventory scan(WaveRelay relay, Path config) {
    try (relay) {
      System.setProperty("aws.endpointUrl", relay.endpoint());
      return LiveCollection.run(ConfigLoader.load(config), LiveCollectionIT.options("eu-west-2"), config).inventory();
    } finally {
      System.setProperty("aws.endpointUrl", MOTO.endpoint());
    }
  }
}
