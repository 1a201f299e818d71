package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.securityGroup;

import java.nio.file.Path;
import java.util.List;

/**
 * Wrong. While debugging mount timeouts (the real cause was a missing route), an engineer opened
 * tcp/2049 on the EFS mount-target group to {@code 0.0.0.0/0} "temporarily" and left it. The
 * rest is the correct {@link Platform}. A correct tool fails the group: open to the internet, and
 * NFS from a source that is not a CI one.
 */
final class NfsOpenToTheWorld extends CorpusEstate {
  private String efsGroup;

  NfsOpenToTheWorld() {
    super("bad-nfs-open-to-the-world");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").build();
    efsGroup = p.efsGroup;
    kit.allowTcpFromCidrs(efsGroup, 2049, List.of("0.0.0.0/0"), "TEMP debugging mount timeouts - remove");
    String build = p.buildFamilyWithJobs();

    return p.writeConfigs(dir, build);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
        fail("FCA-PORTS-001", securityGroup(efsGroup)),
        fail("FCA-PORTS-006", securityGroup(efsGroup)));
  }
}
