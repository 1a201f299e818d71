package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.IamInstanceProfile;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.inventory.SecurityGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation end to end on the example estates, with failures injected: fail closed, waivers. */
class EvaluationTest {
  private static final Path HARDENED = Path.of("examples/hardened");
  private static final Path BLOG = Path.of("examples/blog-setup");
  private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
  private static final Set<String> ROLE_RULES = RuleSet.load(List.of()).rules().stream()
      .filter(r -> r.rule().subject().equals("role")).map(r -> r.rule().id()).collect(Collectors.toSet());

  @TempDir Path tmp;

  private static Inventory inventory(Path dir) {
    return InventoryJson.load(dir.resolve("inventory.json"));
  }

  private static AuditConfig config(Path dir) {
    return ConfigLoader.load(dir.resolve("audit.yml"));
  }

  private static EvaluationResult run(Path dir, Inventory inv, Path waivers) {
    return Evaluation.run(inv, config(dir), List.of(), waivers, TODAY);
  }

  @Test
  void everyIamReadDeniedMakesEveryRoleRuleErrorOnceAndLeavesOtherRulesAlone() {
    InventoryBuilder b = inventory(HARDENED).toBuilder();
    b.list(IamRole.class).clear();
    b.list(IamInstanceProfile.class).clear();
    b.add(new CollectionError("iam", "ListRoles", null, "AccessDenied", "not authorized", null));
    EvaluationResult r = run(HARDENED, b.build(), null);

    for (String id : ROLE_RULES) {
      List<Finding> fs = r.findings().stream().filter(f -> f.ruleId().equals(id)).toList();
      assertThat(fs).as(id).singleElement().satisfies(f -> {
        assertThat(f.status()).isEqualTo(Status.ERROR);
        assertThat(f.resource().id()).isEqualTo("123456789012");
        assertThat(f.message()).contains("iam ListRoles failed").contains("AccessDenied");
        assertThat(f.evidence()).containsEntry("collectionError1", "iam ListRoles: AccessDenied");
      });
    }
    assertThat(r.findings()).filteredOn(f -> f.ruleId().startsWith("FCA-PORTS-") || f.ruleId().startsWith("FCA-EGRESS-"))
        .isNotEmpty().allMatch(f -> f.status() == Status.PASS || f.status() == Status.NOT_APPLICABLE);
  }

  @Test
  void oneRoleWhosePoliciesCouldNotBeReadIsErrorWhileTheOthersAreJudged() {
    Inventory inv = inventory(HARDENED);
    IamRole exec = inv.iamRoles().stream().filter(x -> !x.name().contains("runner")).findFirst().orElseThrow();
    InventoryBuilder b = inv.toBuilder();
    b.add(new CollectionError("iam", "ListRolePolicies", null, "Throttling", "rate exceeded", exec.name()));
    EvaluationResult r = run(HARDENED, b.build(), null);

    assertThat(r.findings()).filteredOn(f -> ROLE_RULES.contains(f.ruleId()) && f.resource() != null
            && exec.arn().equals(f.resource().id()))
        .isNotEmpty().allMatch(f -> f.status() == Status.ERROR && f.message().contains("Throttling"));
    assertThat(r.findings()).filteredOn(f -> ROLE_RULES.contains(f.ruleId()) && f.resource() != null
            && !exec.arn().equals(f.resource().id()) && f.status() != Status.NOT_APPLICABLE)
        .isNotEmpty().allMatch(f -> f.status() == Status.PASS);
  }

  @Test
  void aMissingPolicyDocumentIsErrorNeverPass() {
    Inventory inv = inventory(HARDENED);
    InventoryBuilder b = inv.toBuilder();
    IamRole role = b.list(IamRole.class).get(0);
    List<AttachedPolicy> docless = role.attachedPolicies().stream()
        .map(p -> new AttachedPolicy(p.arn(), p.name(), p.awsManaged(), p.defaultVersionId(), null)).toList();
    b.list(IamRole.class).set(0, new IamRole(role.arn(), role.name(), role.path(), role.assumeRolePolicy(), docless,
        role.inlinePolicies(), role.permissionsBoundaryArn(), role.source()));
    EvaluationResult r = run(HARDENED, b.build(), null);
    assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("FCA-IAM-001") && role.arn().equals(f.resource().id()))
        .singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(Status.ERROR));
  }

  @Test
  void anEc2FailureDoesNotTouchIamRules() {
    InventoryBuilder b = inventory(HARDENED).toBuilder();
    b.add(new CollectionError("ec2", "DescribeRouteTables", "eu-west-2", "AccessDenied", "no", null));
    EvaluationResult r = run(HARDENED, b.build(), null);
    assertThat(r.findings()).filteredOn(f -> f.ruleId().startsWith("FCA-EGRESS-")).isNotEmpty()
        .allMatch(f -> f.status() == Status.ERROR);
    assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("FCA-IAM-001")).isNotEmpty()
        .allMatch(f -> f.status() == Status.PASS);
    // Rules that need only ECS data (e.g. plaintext secrets in the task definition) still judge.
    assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("FCA-IMAGES-008")).isNotEmpty()
        .allMatch(f -> f.status() == Status.PASS);
  }

  @Test
  void waiversWaiveFailuresUntilTheyExpireAndAreReportedWhenUnused() throws IOException {
    Path w = tmp.resolve("waivers.yml");
    Files.writeString(w, """
        - rule: FCA-IMAGES-004
          resource: "arn:aws:ecs:*:task-definition/gitlab-ci-fargate:3#*"
          reason: tag pinned in the next release
          approvedBy: security@example.com
          expires: 2026-12-31
        - rule: FCA-EFS-002
          resource: "*"
          reason: old
          approvedBy: someone
          expires: 2026-01-31
        - rule: FCA-IAM-002
          resource: "*"
          reason: nothing fails this rule
          approvedBy: someone
          expires: 2027-01-01
        """);
    EvaluationResult r = run(BLOG, inventory(BLOG), w);
    assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("FCA-IMAGES-004")).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(Status.WAIVED);
      assertThat(f.waiver().approvedBy()).isEqualTo("security@example.com");
      assertThat(f.message()).contains("latest");
    });
    assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("FCA-EFS-002")).allMatch(f -> f.status() == Status.FAIL);
    assertThat(r.waivers().expired()).singleElement().satisfies(a -> assertThat(a.ruleId()).isEqualTo("FCA-EFS-002"));
    assertThat(r.waivers().unmatched()).singleElement().satisfies(a -> assertThat(a.ruleId()).isEqualTo("FCA-IAM-002"));
  }

  @Test
  void aWaiverNeverHidesAnError() throws IOException {
    Path w = tmp.resolve("waivers.yml");
    Files.writeString(w, "- {rule: FCA-IAM-001, resource: '*', reason: r, approvedBy: a, expires: 2027-01-01}\n");
    InventoryBuilder b = inventory(BLOG).toBuilder();
    b.add(new CollectionError("iam", "ListRoles", null, "AccessDenied", "no", null));
    EvaluationResult r = run(BLOG, b.build(), w);
    assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("FCA-IAM-001")).isNotEmpty()
        .allMatch(f -> f.status() == Status.ERROR && f.waiver() == null);
    assertThat(r.waivers().unmatched()).hasSize(1);
  }

  @Test
  void aWaiverForAnUnknownRuleOrWithABadDateIsBadInput() throws IOException {
    Path w = tmp.resolve("waivers.yml");
    Files.writeString(w, "# waivers\n- rule: FCA-NOPE-001\n  resource: x\n  reason: r\n  approvedBy: a\n  expires: 2027-01-01\n");
    assertThatThrownBy(() -> run(BLOG, inventory(BLOG), w)).isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(((BadInputException) e).oneLine())
            .isEqualTo(w + ":2:3: unknown rule in waiver 1 (see 'fargate-ci-audit rules list')"));
    Files.writeString(w, "- rule: FCA-IAM-001\n  resource: x\n  reason: r\n  approvedBy: a\n  expires: 31/12/2027\n");
    assertThatThrownBy(() -> run(BLOG, inventory(BLOG), w)).isInstanceOf(BadInputException.class)
        .hasMessage("invalid date in waiver 1 (expected YYYY-MM-DD)")
        .satisfies(e -> assertThat(((BadInputException) e).line()).isEqualTo(5));
  }

  /** d15: a date is exactly YYYY-MM-DD; java.time also reads +999999999-12-31, a waiver for ever. */
  @Test
  void aWaiverDateIsExactlyYearMonthDay() throws IOException {
    Path w = tmp.resolve("waivers.yml");
    for (String date : List.of("+999999999-12-31", "2027-1-01", "27-01-01", "2027-02-30", " 2027-01-01x")) {
      Files.writeString(w, "- rule: FCA-IAM-001\n  resource: x\n  reason: r\n  approvedBy: a\n  expires: \"" + date + "\"\n");
      assertThatThrownBy(() -> run(BLOG, inventory(BLOG), w)).as(date).isInstanceOf(BadInputException.class)
          .hasMessage("invalid date in waiver 1 (expected YYYY-MM-DD)");
    }
  }

  /**
   * d10: a waiver's resource matches ids and ARNs only. A security group named (or tagged) like the
   * id of the group a waiver was written for is not waived by it; matching by name takes an explicit
   * name: key, and the report says so.
   */
  @Test
  void aWaiverIsForIdsAndArnsAndNamesOnlyWhenItSaysName() throws IOException {
    InventoryBuilder b = inventory(BLOG).toBuilder();
    List<SecurityGroup> groups = b.list(SecurityGroup.class);
    for (int i = 0; i < groups.size(); i++) {
      SecurityGroup g = groups.get(i);
      if (g.id().equals("sg-04880fd637e66f668")) {
        // The CI task group takes the EFS group's id as its name and Name tag.
        groups.set(i, new SecurityGroup(g.id(), g.region(), g.vpcId(), "sg-02e9a347c517864d8", g.description(), g.inbound(),
            g.outbound(), java.util.Map.of("Name", "sg-02e9a347c517864d8")));
      }
    }
    Path w = tmp.resolve("waivers.yml");
    Files.writeString(w, "- {rule: FCA-PORTS-003, resource: sg-02e9a347c517864d8, reason: r, approvedBy: a, expires: 2027-01-01}\n");
    EvaluationResult byId = run(BLOG, b.build(), w);
    assertThat(byId.findings()).filteredOn(f -> f.ruleId().equals("FCA-PORTS-003") && f.resource().id().equals("sg-04880fd637e66f668"))
        .singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(Status.FAIL));
    assertThat(byId.waivers().unmatched()).hasSize(1);

    Files.writeString(w, "- {rule: FCA-PORTS-003, name: \"sg-02e9*\", reason: r, approvedBy: a, expires: 2027-01-01}\n");
    EvaluationResult byName = run(BLOG, b.build(), w);
    assertThat(byName.findings()).filteredOn(f -> f.ruleId().equals("FCA-PORTS-003") && f.resource().id().equals("sg-04880fd637e66f668"))
        .singleElement().satisfies(f -> {
          assertThat(f.status()).isEqualTo(Status.WAIVED);
          assertThat(f.waiver().target()).isEqualTo("name: sg-02e9*");
          assertThat(f.waiver().resource()).isNull();
        });

    Files.writeString(w, "- {rule: FCA-PORTS-003, name: x, resource: y, reason: r, approvedBy: a, expires: 2027-01-01}\n");
    assertThatThrownBy(() -> run(BLOG, inventory(BLOG), w)).hasMessage("waiver 1 has both 'resource' and 'name'"
        + " (expected one: resource matches ids and ARNs, name matches resource names)");
    Files.writeString(w, "- {rule: FCA-PORTS-003, reason: r, approvedBy: a, expires: 2027-01-01}\n");
    assertThatThrownBy(() -> run(BLOG, inventory(BLOG), w)).hasMessage("waiver 1 has neither 'resource' nor 'name'"
        + " (expected one: resource matches ids and ARNs, name matches resource names)");
  }

  @Test
  void resultsCarryTheRuleHashAndTheEvaluationCount() {
    EvaluationResult a = run(BLOG, inventory(BLOG), null);
    EvaluationResult b = run(BLOG, inventory(BLOG), null);
    assertThat(a.rulesHash()).matches("[0-9a-f]{64}").isEqualTo(b.rulesHash());
    assertThat(a.evaluations()).isGreaterThan(a.rules().size());
    assertThat(a.subjects()).isGreaterThan(5);
  }

  @Test
  void aRuleWithNoSubjectIsNotApplicableOnce() {
    InventoryBuilder b = inventory(HARDENED).toBuilder();
    b.runnerConfig = null;
    EvaluationResult r = run(HARDENED, b.build(), null);
    assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("FCA-RUNNER-002")).singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo(Status.NOT_APPLICABLE));
  }
}
