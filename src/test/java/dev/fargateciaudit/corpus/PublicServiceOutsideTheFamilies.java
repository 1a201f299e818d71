package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;
import static dev.fargateciaudit.corpus.Resource.service;
import static dev.fargateciaudit.corpus.Resource.task;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * Wrong. The platform of {@link Platform}, correct, and configured for {@code gitlab-ci-*}; a
 * developer later added Renovate (the dependency bot) as a service in the CI cluster, from a
 * private Docker Hub fork, copying the network configuration of AWS's getting-started tutorial.
 * Its family, {@code renovate-bot}, matches no configured family; it runs in the CI cluster all
 * the same, so it is CI. Mistakes: the service has {@code assignPublicIp: ENABLED} (its running
 * task has a public IP), and the container pulls a private Docker Hub image with no registry
 * credentials, from a registry the config does not allow.
 */
final class PublicServiceOutsideTheFamilies extends CorpusEstate {
  private String service;
  private String serviceTask;
  private String renovate;

  PublicServiceOutsideTheFamilies() {
    super("bad-public-service-outside-the-families");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").build();
    String build = p.buildFamilyWithJobs();

    String group = kit.securityGroup(p.net.vpc(), "renovate-bot", "Renovate: no inbound");
    renovate = kit.taskDefinition("renovate-bot", p.executionRole, null, null, ContainerDefinition.builder()
        .name("renovate").image("docker.io/acme-platform/renovate:37.440.7-full").essential(true).memoryReservation(1024)
        .environment(EstateKit.env("RENOVATE_PLATFORM", "gitlab"), EstateKit.env("RENOVATE_ENDPOINT", "https://gitlab.example.com/api/v4"))
        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(java.util.Map.of(
            "awslogs-group", "/ecs/renovate", "awslogs-region", kit.region, "awslogs-stream-prefix", "renovate"))).build());
    service = kit.service(p.cluster, "renovate", renovate, 1, p.net.ciSubnets(), group, AssignPublicIp.ENABLED);
    serviceTask = kit.serviceTask(p.cluster, "renovate", renovate, p.net.ciSubnets().get(0), group);
    kit.publicIp(p.cluster, serviceTask);

    p.writeRunnerConfig(dir, build);
    ConfigFiles.AuditYml config = p.config();
    config.nfsSources = List.of(p.jobGroup);
    return config.write(dir);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(
            fail("FCA-PUBLICIP-001", service(service)),
            fail("FCA-PUBLICIP-002", task(serviceTask)),
            fail("FCA-IMAGES-001", container(renovate, "renovate")))
        .withAdvice(fail("FCA-IMAGES-003", container(renovate, "renovate")));
  }
}
