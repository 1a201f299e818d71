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
    Inventory inv;
    WaveRelay relay;
    try (WaveRelay r = new WaveRelay(MOTO.endpoint(), QUIET_MILLIS)) {
      relay = r;
      System.setProperty("aws.endpointUrl", relay.endpoint());
      inv = LiveCollection.run(ConfigLoader.load(config), LiveCollectionIT.options("eu-west-2"), config).inventory();
    } finally {
      System.setProperty("aws.endpointUrl", MOTO.endpoint());
    }
    System.out.println("blog estate, calls by wave: " + relay.wavesByOperation());

    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.meta().apiCalls()).isEqualTo(CallFormula.expected(
        List.of(new CallFormula.Region(-1, List.<int[]>of(new int[] {0, 0}), 1, 1, 2, 1, 0, 0, 1, false, 0, 0, 0, 3, 1, 1, 0, 1)),
        new CallFormula.Iam(1, 2, 0, 5)));
    assertThat(relay.waves()).as("waves of calls: %s", relay.wavesByOperation()).hasSizeLessThanOrEqualTo(5);
  }
}
