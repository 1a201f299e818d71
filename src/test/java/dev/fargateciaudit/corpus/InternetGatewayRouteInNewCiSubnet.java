package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.subnet;

import java.nio.file.Path;

/**
 * Wrong. The team added a third zone for capacity: a new CI subnet in {@code eu-west-2c},
 * associated by mistake with the public route table (default route to the Internet Gateway), a
 * mount target for it, and the runner config moved to it. Jobs there have no public IP, so they
 * have no egress at all (image pulls time out): broken egress on that subnet. The two original CI
 * subnets, where jobs still run, are correct.
 */
final class InternetGatewayRouteInNewCiSubnet extends CorpusEstate {
  private String newSubnet;

  InternetGatewayRouteInNewCiSubnet() {
    super("bad-igw-route-in-new-ci-subnet");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").build();
    newSubnet = kit.subnet(p.net.vpc(), "10.40.64.0/20", kit.region + "c", "gitlab-ci-ci-" + kit.region + "c", p.net.publicRouteTable());
    kit.aws.efs.createMountTarget(r -> r.fileSystemId(p.fs.id()).subnetId(newSubnet).securityGroups(p.efsGroup));
    String build = p.buildFamilyWithJobs();
    kit.runJobs(p.cluster, build, newSubnet, p.jobGroup, 1);

    ConfigFiles.fargateToml(dir, p.name, kit.region, newSubnet, p.jobGroup, EstateKit.family(build) + ":1", false);
    return p.config().write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(fail("FCA-EGRESS-002", subnet(newSubnet)));
  }
}
