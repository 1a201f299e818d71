package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.securityGroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Correct, with advice. A team that followed the blog post's EFS instructions in part: the job
 * group also accepts tcp/2049 from the CI subnets (the task is an NFS client and needs no inbound
 * NFS, but the source is an expected one), and the EFS group accepts NFS from the CI subnets'
 * CIDRs as well as from the job group. Two zones, a NAT gateway per zone, both addresses safelisted.
 * The runner manager sits in a public subnet and takes SSH from the office VPN only.
 * A correct tool reports the inbound 2049 on the job group as advice (low or info), not at the gate:
 * FCA-PORTS-010, the advice rule the severity policy split from FCA-PORTS-003 (which stays high for
 * ports and sources outside the contract).
 */
final class NfsFromCiSubnets extends CorpusEstate {
  private String jobGroup;

  NfsFromCiSubnets() {
    super("ok-nfs-from-ci-subnets");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "ci-fargate").addressSpace(44, 2, true).build();
    jobGroup = p.jobGroup;
    kit.allowTcpFromCidrs(p.jobGroup, 2049, p.net.ciCidrs(), "NFS, as the blog post says");
    kit.allowTcpFromCidrs(p.efsGroup, 2049, p.net.ciCidrs(), "NFS from the CI subnets");
    String build = p.buildFamilyWithJobs();

    p.writeRunnerConfig(dir, build);
    ConfigFiles.AuditYml config = p.config();
    List<String> nfs = new ArrayList<>(p.net.ciCidrs());
    nfs.add(p.jobGroup);
    config.nfsSources = nfs;
    return config.write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate().withAdvice(fail("FCA-PORTS-010", securityGroup(jobGroup)));
  }
}
