package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.runnerConfig;
import static dev.fargateciaudit.corpus.Resource.subnet;
import static dev.fargateciaudit.corpus.Resource.task;

import java.nio.file.Path;
import java.util.List;

/**
 * Wrong. Image pulls failed while the NAT gateway was being set up, and the team "fixed" it the
 * way many forum answers do: the runner config puts jobs in a public subnet (default route to the
 * Internet Gateway) with {@code EnablePublicIP = true}. Pulls work; the jobs now have public IPs
 * and leave through the Internet Gateway rather than the safelisted NAT address. A correct tool
 * fails the runner config, each running job (the task to stop) and the subnet's egress.
 */
final class PublicIpWorkaround extends CorpusEstate {
  private String publicSubnet;
  private List<String> jobs;

  PublicIpWorkaround() {
    super("bad-public-ip-workaround");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").build();
    publicSubnet = p.net.publicSubnets().get(0);
    String build = p.jobDefinition("build", p.jobContainer("build").build());
    jobs = kit.runJobs(p.cluster, build, publicSubnet, p.jobGroup, 2);
    jobs.forEach(t -> kit.publicIp(p.cluster, t));

    ConfigFiles.fargateToml(dir, p.name, kit.region, publicSubnet, p.jobGroup, EstateKit.family(build) + ":1", true);
    return p.config().write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
        fail("FCA-PUBLICIP-004", runnerConfig("fargate.toml")),
        fail("FCA-PUBLICIP-002", task(jobs.get(0))),
        fail("FCA-PUBLICIP-002", task(jobs.get(1))),
        fail("FCA-EGRESS-001", subnet(publicSubnet)));
  }
}
