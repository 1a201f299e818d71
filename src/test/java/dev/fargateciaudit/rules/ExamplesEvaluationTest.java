package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.config.RunnerConfigReader;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The bundled estates: every mistake of the blog is caught; the hardened estate is clean. */
class ExamplesEvaluationTest {
  private static final List<Finding> BLOG = audit("blog-setup");
  private static final List<Finding> HARDENED = audit("hardened");

  static List<Finding> audit(String example) {
    Path dir = Path.of("examples", example);
    Path cfgFile = dir.resolve("audit.yml");
    AuditConfig cfg = ConfigLoader.load(cfgFile);
    Inventory inv = RunnerConfigReader.overlayConfigured(InventoryJson.load(dir.resolve("inventory.json")), cfg, cfgFile);
    return Evaluation.run(inv, cfg, List.of(), null, LocalDate.of(2026, 1, 1)).findings();
  }

  /** One row per mistake of reference-setup.md's table (and the blog's further slips). */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
    "FCA-IAM-001 | role ecsTaskExecutionRole has AWS managed policy SecretsManagerReadWrite (secretsmanager:* on *) |",
    "FCA-IAM-001 | AmazonS3FullAccess (s3:* on * |",
    "FCA-IAM-005 | role ecsTaskExecutionRole allows | secretsmanager:GetSecretValue on * (ReadSecrets)",
    "FCA-IAM-008 | role ecsTaskExecutionRole trusts ecs-tasks.amazonaws.com with no aws:SourceAccount or aws:SourceArn |",
    "FCA-IAM-001 | role gitlab-runner has AWS managed policy AmazonECS_FullAccess |",
    "FCA-IAM-006 | role gitlab-runner can escalate its privileges: iam:PassRole on * + ecs:RunTask |",
    "FCA-IAM-009 | runner role gitlab-runner may pass roles beyond the CI task roles: iam:PassRole on * |",
    "FCA-IAM-011 | runner role gitlab-runner may run any task definition: ecs:RunTask on * |",
    "FCA-EGRESS-002 | broken egress: CI subnet gitlab-ci-ci-a (subnet-052ab170427c9590f) routes 0.0.0.0/0 to Internet Gateway |",
    "FCA-PORTS-003 | CI task security group gitlab-ci-tasks (sg-04880fd637e66f668) allows inbound tcp/2049 from 10.0.16.0/20 |",
    "FCA-PORTS-008 | container ci-coordinator of gitlab-ci-fargate:3 maps port(s) 2049/tcp |",
    "FCA-PORTS-006 | allows NFS from 10.0.0.0/16 |",
    "FCA-IMAGES-004 | uses image my-organisation/my-image:latest with the mutable tag 'latest' |",
    "FCA-EFS-002 | without transitEncryption ENABLED |"
  })
  void blogSetupFailsForEveryMistake(String ruleId, String fragment, String fragment2) {
    assertThat(BLOG)
        .filteredOn(f -> f.ruleId().equals(ruleId) && f.status() == Status.FAIL)
        .anySatisfy(f -> {
          assertThat(f.message()).contains(fragment);
          if (fragment2 != null) assertThat(f.message()).contains(fragment2);
          assertThat(f.resource().account()).isEqualTo("123456789012");
          assertThat(f.remediation()).isNotBlank();
        });
  }

  @Test
  void blogSetupPassesWhatTheBlogGotRight() {
    assertThat(status(BLOG, "FCA-IMAGES-001")).containsOnly(Status.PASS);
    assertThat(status(BLOG, "FCA-PUBLICIP-004")).containsOnly(Status.PASS);
    assertThat(status(BLOG, "FCA-PORTS-004")).containsOnly(Status.PASS);
    assertThat(status(BLOG, "FCA-SECRETS-001")).containsOnly(Status.PASS);
    assertThat(BLOG).noneMatch(f -> f.status() == Status.ERROR);
  }

  /** A failure says why its resource is CI; a pass names the same resource without the reasons (most findings are passes). */
  @Test
  void failuresSayWhyTheirResourceIsInScopeAndPassesDoNot() {
    assertThat(BLOG).filteredOn(f -> f.status() == Status.FAIL).isNotEmpty()
        .allSatisfy(f -> assertThat(f.resource().scope()).as(f.ruleId() + " on " + f.resource().id()).isNotEmpty());
    assertThat(BLOG).filteredOn(f -> f.status() == Status.PASS).isNotEmpty()
        .allSatisfy(f -> assertThat(f.resource().scope()).isEmpty());
    assertThat(BLOG).filteredOn(f -> f.ruleId().equals("FCA-EGRESS-002") && f.status() == Status.FAIL).singleElement()
        .satisfies(f -> assertThat(f.resource().scope()).containsExactly("the runner config's Subnet (fargate.toml)"));
  }

  /** A custom rule written for the subject type's former name, containerImage, still loads and judges containers. */
  @Test
  void aRuleOnTheFormerContainerImageTypeJudgesContainers(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("org"));
    java.nio.file.Files.writeString(dir.resolve("ORG-IMG-001.yml"), """
        id: ORG-IMG-001
        title: CI images come from our registry
        area: org
        severity: low
        subject: containerImage
        check: "subject.registry == '123456789012.dkr.ecr.eu-west-2.amazonaws.com'"
        message: "container {{ subject.container }} of {{ subject.taskDefinition }} pulls from {{ subject.registry }}"
        rationale: One registry to watch.
        remediation: Push the image to the organisation's ECR.
        references: [https://docs.aws.amazon.com/AmazonECR/latest/userguide/what-is-ecr.html]
        tests:
          - {name: ours, expect: PASS, subject: {registry: 123456789012.dkr.ecr.eu-west-2.amazonaws.com}}
          - {name: theirs, expect: FAIL, message: "pulls from docker.io", subject: {container: ci, taskDefinition: "ci:1", registry: docker.io}}
        """);
    Path example = Path.of("examples", "blog-setup");
    AuditConfig cfg = ConfigLoader.load(example.resolve("audit.yml"));
    Inventory inv = RunnerConfigReader.overlayConfigured(InventoryJson.load(example.resolve("inventory.json")), cfg,
        example.resolve("audit.yml"));
    List<Finding> findings = Evaluation.run(inv, cfg, List.of(tmp), null, LocalDate.of(2026, 1, 1)).findings();
    assertThat(findings).filteredOn(f -> f.ruleId().equals("ORG-IMG-001")).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(Status.FAIL);
      assertThat(f.resource().type()).isEqualTo("AWS::ECS::TaskDefinition.Container");
      assertThat(f.message()).isEqualTo("container ci-coordinator of gitlab-ci-fargate:3 pulls from docker.io");
    });
  }

  @Test
  void theBastionGroupOutsideTheCiEstateGivesNoFinding() {
    assertThat(BLOG).noneMatch(f -> f.resource() != null && "ops-bastion".equals(f.resource().name()));
    assertThat(HARDENED).noneMatch(f -> f.resource() != null && "ops-bastion".equals(f.resource().name()));
  }

  /** Its one failure is advice below every gate: AWS's own policy on the execution role, its actions named. */
  @Test
  void hardenedHasNoErrorAndNoFailButTheBaselineAdvice() {
    assertThat(HARDENED).noneMatch(f -> f.status() == Status.ERROR);
    assertThat(HARDENED).filteredOn(f -> f.status() == Status.FAIL)
        .extracting(Finding::ruleId, f -> f.resource().id(), Finding::severity)
        .containsExactly(tuple("FCA-IAM-013", "arn:aws:iam::123456789012:role/gitlab-ci-task-execution", Severity.INFO));
    assertThat(HARDENED.stream().filter(f -> f.status() == Status.PASS).map(Finding::ruleId).distinct().count())
        .isGreaterThanOrEqualTo(40);
  }

  private static List<Status> status(List<Finding> fs, String rule) {
    return fs.stream().filter(f -> f.ruleId().equals(rule)).map(Finding::status).toList();
  }
}
