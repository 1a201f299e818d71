package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.config.RunnerConfigReader;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.rules.Evaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardened example estate with its role and resource policies edited, audited end to end
 * ({@code Evaluation} on a snapshot): each edit fails exactly the rules it should, on exactly the
 * role, secret or file system it was made on. The estate as shipped fails only the info advice
 * FCA-IAM-013 (AWS's own execution-role policy), so every other failure is the edit's.
 */
class IamAsAwsReadsItTest {
  private static final Path HARDENED = Path.of("examples", "hardened");
  private static final String EXECUTION = "arn:aws:iam::123456789012:role/gitlab-ci-task-execution";
  private static final String RUNNER = "arn:aws:iam::123456789012:role/gitlab-runner";
  private static final String SECRET = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:ci/dockerhub-login-R7vLm2";
  private static final String FILE_SYSTEM = "arn:aws:elasticfilesystem:eu-west-2:123456789012:file-system/fs-040fbc8a302823b54";
  private static final String BASELINE_ADVICE = "FCA-IAM-013 " + EXECUTION;

  @TempDir Path tmp;

  private List<Finding> audit(Consumer<ObjectNode> edit) {
    return audit(edit, HARDENED.resolve("audit.yml"));
  }

  private List<Finding> audit(Consumer<ObjectNode> edit, Path config) {
    return audit(tmp, edit, config);
  }

  /** The hardened estate, edited by {@code edit}, audited with {@code config}; its snapshot written in {@code tmp}. */
  static List<Finding> audit(Path tmp, Consumer<ObjectNode> edit, Path config) {
    try {
      ObjectNode root = (ObjectNode) Mappers.json().readTree(HARDENED.resolve("inventory.json").toFile());
      edit.accept(root);
      Path file = Files.createTempFile(tmp, "inventory", ".json");
      Files.write(file, Mappers.json().writeValueAsBytes(root));
      AuditConfig cfg = ConfigLoader.load(config);
      Inventory inv = RunnerConfigReader.overlayConfigured(InventoryJson.load(file), cfg, config);
      return Evaluation.run(inv, cfg, List.of(), null, LocalDate.of(2026, 1, 1)).findings();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "RULE RESOURCE" of every finding with the status. */
  private static Set<String> with(List<Finding> findings, Status status) {
    Set<String> out = new TreeSet<>();
    for (Finding f : findings) {
      if (f.status() == status) out.add(f.ruleId() + " " + f.resource().id());
    }
    return out;
  }

  private static Set<String> failures(List<Finding> findings) {
    assertThat(with(findings, Status.ERROR)).isEmpty();
    return with(findings, Status.FAIL);
  }

  private static Finding one(List<Finding> findings, String rule, String resource) {
    return findings.stream().filter(f -> f.ruleId().equals(rule) && f.resource().id().equals(resource)).findFirst().orElseThrow();
  }

  private static ObjectNode role(ObjectNode root, String name) {
    for (JsonNode r : root.get("iamRoles")) {
      if (r.get("name").asText().equals(name)) return (ObjectNode) r;
    }
    throw new IllegalArgumentException(name);
  }

  private static ObjectNode runnerStatement(ObjectNode root, String sid) {
    for (JsonNode s : role(root, "gitlab-runner").at("/inlinePolicies/0/document/Statement")) {
      if (s.get("Sid").asText().equals(sid)) return (ObjectNode) s;
    }
    throw new IllegalArgumentException(sid);
  }

  private static ObjectNode executionTrust(ObjectNode root) {
    return (ObjectNode) role(root, "gitlab-ci-task-execution").at("/assumeRolePolicy/Statement/0");
  }

  /** JSON written with single quotes, for policies in Java strings. */
  static JsonNode json(String singleQuoted) {
    try {
      return Mappers.json().readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode awsPolicy(String name) {
    try {
      return Mappers.json().readTree(Path.of("src/test/resources/iam", name + ".json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode attached(String arn, boolean awsManaged, JsonNode document) {
    ObjectNode p = Mappers.json().createObjectNode();
    p.put("arn", arn).put("name", arn.substring(arn.lastIndexOf('/') + 1)).put("awsManaged", awsManaged).put("defaultVersionId", "v2");
    p.set("document", document);
    return p;
  }

  @Test
  void theHardenedEstateFailsOnlyTheBaselineAdviceOnItsExecutionRole() {
    List<Finding> findings = audit(root -> { });
    assertThat(failures(findings)).containsExactly(BASELINE_ADVICE);
    assertThat(one(findings, "FCA-IAM-013", EXECUTION).severity()).isEqualTo(Severity.INFO);
  }

  // ------------------------------------------------------------------ d05: conditions read with their operators

  @Test
  void stringNotEqualsOnPassedToServiceDoesNotLimitPassRole() {
    List<Finding> findings = audit(root -> runnerStatement(root, "PassCiTaskRoles")
        .set("Condition", json("{'StringNotEquals': {'iam:PassedToService': 'ecs-tasks.amazonaws.com'}}")));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-010 " + RUNNER);
    assertThat(one(findings, "FCA-IAM-010", RUNNER).message()).contains("may pass roles to any service");
  }

  @Test
  void passRoleToEcsTasksAndEc2IsNamedService() {
    List<Finding> findings = audit(root -> runnerStatement(root, "PassCiTaskRoles")
        .set("Condition", json("{'StringEquals': {'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com']}}")));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-010 " + RUNNER);
    assertThat(one(findings, "FCA-IAM-010", RUNNER).message()).contains("may pass roles to ecs-tasks.amazonaws.com, ec2.amazonaws.com");
  }

  @Test
  void arnNotEqualsOnClusterDoesNotKeepRunTaskInTheCiCluster() {
    List<Finding> findings = audit(root -> runnerStatement(root, "RunCiTasks")
        .set("Condition", json("{'ArnNotEquals': {'ecs:cluster': 'arn:aws:ecs:eu-west-2:123456789012:cluster/prod'}}")));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-012 " + RUNNER);
  }

  @Test
  void nullSourceAccountTrueDoesNotGuardTheTrustPolicy() {
    List<Finding> findings = audit(root -> executionTrust(root).set("Condition", json("{'Null': {'aws:SourceAccount': 'true'}}")));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-008 " + EXECUTION);
  }

  @Test
  void stringLikeSourceArnStarDoesNotGuardTheTrustPolicy() {
    List<Finding> findings = audit(root -> executionTrust(root).set("Condition", json("{'StringLike': {'aws:SourceArn': '*'}}")));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-008 " + EXECUTION);
  }

  @Test
  void anOperatorIamDoesNotDefineMakesTheRolesRulesError() {
    List<Finding> findings = audit(root -> runnerStatement(root, "PassCiTaskRoles")
        .set("Condition", json("{'StringEqualz': {'iam:PassedToService': 'ecs-tasks.amazonaws.com'}}")));
    List<Finding> runner = findings.stream().filter(f -> f.resource().id().equals(RUNNER)).toList();
    assertThat(runner).isNotEmpty().allSatisfy(f -> {
      assertThat(f.status()).isEqualTo(Status.ERROR);
      assertThat(f.message()).contains("GetRolePolicy failed (MalformedPolicyDocument)");
    });
    assertThat(with(findings, Status.FAIL)).containsExactly(BASELINE_ADVICE);
  }

  // ------------------------------------------------------------------ d06: NotPrincipal

  @Test
  void notPrincipalInATrustPolicyIsAnUnexpectedPrincipal() {
    List<Finding> findings = audit(root -> {
      ObjectNode trust = executionTrust(root);
      trust.set("NotPrincipal", trust.remove("Principal"));
    });
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-007 " + EXECUTION);
    assertThat(one(findings, "FCA-IAM-007", EXECUTION).message())
        .contains("can be assumed by everyone but Service:ecs-tasks.amazonaws.com (NotPrincipal)");
  }

  @Test
  void resourcePoliciesArePublicUnlessNarrowedToTheOrganisationAccountOrNetwork() {
    String everyone = "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '*'}, "
        + "'Action': 'secretsmanager:GetSecretValue', 'Resource': '*', 'Condition': %s}]}";
    String fsEveryone = "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '*'}, "
        + "'Action': 'elasticfilesystem:ClientMount', 'Condition': %s}]}";
    List<Finding> findings = audit(root -> {
      ((ObjectNode) root.get("secrets").get(0)).set("resourcePolicy", json(String.format(everyone, "{'StringLike': {'aws:PrincipalArn': '*'}}")));
      ((ObjectNode) root.get("efsFileSystems").get(0)).set("policy", json(String.format(fsEveryone, "{'StringEquals': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}")));
    });
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);

    findings = audit(root -> {
      ((ObjectNode) root.get("secrets").get(0)).set("resourcePolicy", json(String.format(everyone, "{'StringEquals': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}")));
      ((ObjectNode) root.get("efsFileSystems").get(0)).set("policy", json(String.format(fsEveryone, "{'Bool': {'aws:SecureTransport': 'true'}}")));
    });
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-EFS-004 " + FILE_SYSTEM);
  }

  @Test
  void allowWithNotPrincipalInAResourcePolicyIsPublic() {
    List<Finding> findings = audit(root -> ((ObjectNode) root.get("secrets").get(0)).set("resourcePolicy", json(
        "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'NotPrincipal': {'AWS': 'arn:aws:iam::123456789012:root'}, "
            + "'Action': 'secretsmanager:GetSecretValue', 'Resource': '*'}]}")));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
  }

  // ------------------------------------------------------------------ d07: resource patterns

  @Test
  void arnStarIsEveryResource() {
    List<Finding> findings = audit(root -> ((ObjectNode) role(root, "gitlab-ci-task-execution")
        .at("/inlinePolicies/0/document/Statement/0")).put("Resource", "arn:*"));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-005 " + EXECUTION);
    assertThat(one(findings, "FCA-IAM-005", EXECUTION).message())
        .contains("secretsmanager:GetSecretValue on arn:* (read-registry-credential)");
  }

  @Test
  void passRoleOnEveryRoleOfEveryAccountIsPassRoleOnStar() {
    List<Finding> findings = audit(root -> runnerStatement(root, "PassCiTaskRoles").put("Resource", "arn:aws:iam::*:role/*"));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE,
        "FCA-IAM-005 " + RUNNER, "FCA-IAM-006 " + RUNNER, "FCA-IAM-009 " + RUNNER);
    assertThat(one(findings, "FCA-IAM-006", RUNNER).message()).contains("iam:PassRole on * + ecs:RunTask");
    assertThat(one(findings, "FCA-IAM-009", RUNNER).message()).contains("iam:PassRole on arn:aws:iam::*:role/*");
  }

  /**
   * A PassRole on every role pairs only with the launch of the service it may pass roles to:
   * AmazonDynamoDBFullAccess grants lambda:CreateFunction and iam:PassRole on * kept to Application
   * Auto Scaling and DAX, so no function can run as a role it passes; the same PassRole kept to
   * Lambda escalates.
   */
  @Test
  void passRoleOnStarPairsOnlyWithTheLaunchOfTheServiceItMayPassRolesTo() {
    String passTo = "{'Effect': 'Allow', 'Action': 'iam:PassRole', 'Resource': '*', "
        + "'Condition': {'StringLike': {'iam:PassedToService': [%s]}}}";
    String createFunction = "{'Effect': 'Allow', 'Action': ['lambda:CreateFunction', 'lambda:DeleteFunction'], 'Resource': '*'}";
    List<Finding> dax = audit(root -> {
      ArrayNode statements = (ArrayNode) role(root, "gitlab-ci-task-execution").at("/inlinePolicies/0/document/Statement");
      statements.add(json(String.format(passTo, "'application-autoscaling.amazonaws.com', 'dax.amazonaws.com'")));
      statements.add(json(createFunction));
    });
    assertThat(one(dax, "FCA-IAM-006", EXECUTION).status()).isEqualTo(Status.PASS);

    List<Finding> lambda = audit(root -> {
      ArrayNode statements = (ArrayNode) role(root, "gitlab-ci-task-execution").at("/inlinePolicies/0/document/Statement");
      statements.add(json(String.format(passTo, "'dax.amazonaws.com', 'lambda.amazonaws.com'")));
      statements.add(json(createFunction));
    });
    assertThat(one(lambda, "FCA-IAM-006", EXECUTION).message())
        .isEqualTo("role gitlab-ci-task-execution can escalate its privileges: iam:PassRole on * + lambda:CreateFunction");
  }

  /**
   * Overwriting every parameter is as sensitive as overwriting every secret: a runner that writes
   * its job tokens with {@code ssm:PutParameter} on {@code *} (james-bjss/fargate-aws-github-runner)
   * may replace any parameter a CI task reads through {@code valueFrom}. On the token path, it may not.
   */
  @Test
  void putParameterOnEveryParameterIsSensitiveAsPutSecretValueOnEverySecretIs() {
    String writeTokens = "{'Effect': 'Allow', 'Action': ['ssm:PutParameter'], 'Resource': '%s'}";
    List<Finding> findings = audit(root -> ((ArrayNode) role(root, "gitlab-runner").at("/inlinePolicies/0/document/Statement"))
        .add(json(String.format(writeTokens, "*"))));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-005 " + RUNNER);
    assertThat(one(findings, "FCA-IAM-005", RUNNER).message()).contains("ssm:PutParameter on * (fargate-driver)");

    assertThat(failures(audit(root -> ((ArrayNode) role(root, "gitlab-runner").at("/inlinePolicies/0/document/Statement"))
        .add(json(String.format(writeTokens, "arn:aws:ssm:eu-west-2:123456789012:parameter/actions_runner/tokens/*"))))))
        .containsExactly(BASELINE_ADVICE);
  }

  // ------------------------------------------------------------------ #28: AWS baseline policies where AWS documents them

  @Test
  void awsBaselinePoliciesOnTheRunnerHostAreInfoAdviceNamingTheirActions() {
    List<Finding> findings = audit(root -> {
      ArrayNode runner = (ArrayNode) role(root, "gitlab-runner").get("attachedPolicies");
      runner.add(attached("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", true, awsPolicy("AmazonSSMManagedInstanceCore")));
      runner.add(attached("arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", true, awsPolicy("CloudWatchAgentServerPolicy")));
    });
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-013 " + RUNNER);
    Finding advice = one(findings, "FCA-IAM-013", RUNNER);
    assertThat(advice.severity()).isEqualTo(Severity.INFO);
    assertThat(advice.message())
        .contains("AmazonSSMManagedInstanceCore (which AWS documents for an EC2 instance's role, for Systems Manager): "
            + "sensitive ssm:GetParameter, ssm:GetParameters; on every resource ssm:DescribeAssociation")
        .contains("CloudWatchAgentServerPolicy (which AWS documents for an EC2 instance's role, for the CloudWatch agent): "
            + "on every resource cloudwatch:PutMetricData")
        .doesNotContain("AmazonCloudWatch-*");
    assertThat(one(findings, "FCA-IAM-005", RUNNER).status()).isEqualTo(Status.PASS);
  }

  @Test
  void theSameBaselineOnARoleAwsDoesNotDocumentItForIsJudgedAsUsual() {
    List<Finding> findings = audit(root -> ((ArrayNode) role(root, "gitlab-ci-task-execution").get("attachedPolicies"))
        .add(attached("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", true, awsPolicy("AmazonSSMManagedInstanceCore"))));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-005 " + EXECUTION);
    Finding f = one(findings, "FCA-IAM-005", EXECUTION);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.message()).contains("ssm:GetParameter on * (AmazonSSMManagedInstanceCore)", "ssm:GetParameters on * (AmazonSSMManagedInstanceCore)");
  }

  @Test
  void theSameActionsInACustomerPolicyAreJudgedAsUsual() {
    List<Finding> findings = audit(root -> ((ArrayNode) role(root, "gitlab-runner").get("attachedPolicies"))
        .add(attached("arn:aws:iam::123456789012:policy/AmazonSSMManagedInstanceCore", false, awsPolicy("AmazonSSMManagedInstanceCore"))));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-005 " + RUNNER);
    assertThat(one(findings, "FCA-IAM-005", RUNNER).message()).contains("ssm:GetParameter on * (AmazonSSMManagedInstanceCore)");
  }

  // ------------------------------------------------------------------ h18: Deny statements, credited where IAM certainly applies them

  /** AWS's data-perimeter identity statement for a secret (aws-samples/data-perimeter-policy-examples), for organisation o-a1b2c3d4e5. */
  private static final String IDENTITY_PERIMETER = "{'Sid': 'EnforceIdentityPerimeter', 'Effect': 'Deny', 'Principal': {'AWS': '*'}, "
      + "'Action': 'secretsmanager:*', 'Resource': '*', 'Condition': {'StringNotEqualsIfExists': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}, "
      + "'BoolIfExists': {'aws:PrincipalIsAWSService': 'false'}}}";
  /**
   * AWS's data-perimeter confused-deputy statement (aws-samples/data-perimeter-policy-examples,
   * resource_control_policies/resource_based_policies): an AWS service acting for a resource outside
   * the organisation, which the identity statement exempts, is refused.
   */
  private static final String CONFUSED_DEPUTY = "{'Sid': 'EnforceConfusedDeputyProtection', 'Effect': 'Deny', 'Principal': '*', "
      + "'Action': 'secretsmanager:*', 'Resource': '*', 'Condition': {'StringNotEqualsIfExists': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}, "
      + "'Null': {'aws:SourceAccount': 'false'}, 'Bool': {'aws:PrincipalIsAWSService': 'true'}}}";
  /** A broad grant such a perimeter is built to bound: every principal may read the secret. */
  private static final String READ_BY_EVERYONE = "{'Sid': 'ReadByTheOrganisation', 'Effect': 'Allow', 'Principal': {'AWS': '*'}, "
      + "'Action': ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], 'Resource': '*'}";

  private static JsonNode policy(String... statements) {
    return json("{'Version': '2012-10-17', 'Statement': [" + String.join(", ", statements) + "]}");
  }

  private static Consumer<ObjectNode> secretPolicy(JsonNode policy) {
    return root -> ((ObjectNode) root.get("secrets").get(0)).set("resourcePolicy", policy);
  }

  /**
   * AWS's identity perimeter exempts AWS service principals; its confused-deputy statement refuses
   * them when they act for a resource outside the organisation. Together they keep everyone out;
   * the identity statement alone lets any service acting for any account read the secret.
   */
  @Test
  void aSecretPolicyWithAwsDataPerimeterDeniesIsNotPublicAndWithoutThemItIs() {
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, IDENTITY_PERIMETER, CONFUSED_DEPUTY))))).containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE))))).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, IDENTITY_PERIMETER)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, CONFUSED_DEPUTY)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    // The Deny on this secret's ARN, or written with "Principal": "*", is the same Deny.
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, CONFUSED_DEPUTY,
        IDENTITY_PERIMETER.replace("'Resource': '*'", "'Resource': '" + SECRET + "'").replace("{'AWS': '*'}", "'*'"))))))
        .containsExactly(BASELINE_ADVICE);
    // A confused-deputy Deny that exempts a service by NotPrincipal lets that service in for any
    // account; one that exempts a principal of this account still refuses every outsider.
    String exemptingCodeBuild = CONFUSED_DEPUTY.replace("'Principal': '*'", "'NotPrincipal': {'Service': 'codebuild.amazonaws.com'}");
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, IDENTITY_PERIMETER, exemptingCodeBuild)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    String exemptingAdmin = CONFUSED_DEPUTY.replace("'Principal': '*'", "'NotPrincipal': {'AWS': 'arn:aws:iam::123456789012:role/admin'}");
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, IDENTITY_PERIMETER, exemptingAdmin))))).containsExactly(BASELINE_ADVICE);
  }

  /**
   * A grant to everyone behind a condition that names only what an outsider can choose (a role
   * name in any account, a cluster name in any account, an AWS service) is public; the same name
   * pinned to this account, or beside this account's organisation, keeps it private. The finding
   * says why the condition did not count.
   */
  @Test
  void aResourcePolicyAllowOnANameAnyAccountCanChooseIsPublic() {
    String secretGrant = "{'Sid': 'CiRoles', 'Effect': 'Allow', 'Principal': '*', 'Action': 'secretsmanager:GetSecretValue', "
        + "'Resource': '*', 'Condition': %s}";
    String fsGrant = "{'Sid': 'CiTasks', 'Effect': 'Allow', 'Principal': {'AWS': '*'}, 'Action': 'elasticfilesystem:ClientMount', "
        + "'Condition': %s}";
    Consumer<ObjectNode> chosen = secretPolicy(policy(String.format(secretGrant, "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*'}}")))
        .andThen(root -> ((ObjectNode) root.get("efsFileSystems").get(0)).set("policy",
            policy(String.format(fsGrant, "{'StringLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}}"))));
    List<Finding> findings = audit(chosen);
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET, "FCA-EFS-004 " + FILE_SYSTEM);
    assertThat(one(findings, "FCA-SECRETS-002", SECRET).evidence().get("conditionsAnyoneMeets"))
        .contains("resource policy statement 1 (Sid CiRoles): aws:PrincipalArn arn:aws:iam::*:role/ci-*");
    assertThat(one(findings, "FCA-EFS-004", FILE_SYSTEM).evidence().get("conditionsAnyoneMeets"))
        .contains("resource policy statement 1 (Sid CiTasks): aws:SourceArn arn:aws:ecs:*:*:task/ci-*");
    for (String other : List.of("{'StringEquals': {'aws:username': 'alice'}}", "{'StringLike': {'aws:userid': '*:ci-session'}}",
        "{'StringEquals': {'aws:PrincipalServiceName': 'ecs-tasks.amazonaws.com'}}")) {
      assertThat(failures(audit(secretPolicy(policy(String.format(secretGrant, other)))))).as(other)
          .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    }

    Consumer<ObjectNode> pinned = secretPolicy(policy(String.format(secretGrant, "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/ci-*'}}")))
        .andThen(root -> ((ObjectNode) root.get("efsFileSystems").get(0)).set("policy",
            policy(String.format(fsGrant, "{'StringLike': {'aws:SourceArn': 'arn:aws:ecs:eu-west-2:123456789012:task/ci-*'}}"))));
    assertThat(failures(audit(pinned))).containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(secretPolicy(policy(String.format(secretGrant,
        "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*'}, 'StringEquals': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}"))))))
        .containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(secretPolicy(policy(String.format(secretGrant,
        "{'StringEquals': {'aws:PrincipalServiceName': 'ecs-tasks.amazonaws.com', 'aws:SourceAccount': '123456789012'}}"))))))
        .containsExactly(BASELINE_ADVICE);
  }

  /** A trust condition on a task ARN in any account's cluster of a chosen name does not guard against the confused deputy. */
  @Test
  void aTrustConditionOnATaskNameAnyAccountCanChooseDoesNotGuardTheRole() {
    Consumer<ObjectNode> anyAccount = root -> executionTrust(root).set("Condition", json("{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}}"));
    List<Finding> findings = audit(anyAccount);
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-008 " + EXECUTION);
    assertThat(one(findings, "FCA-IAM-008", EXECUTION).evidence().get("conditionsAnyoneMeets"))
        .contains("trust policy statement 1: aws:SourceArn arn:aws:ecs:*:*:task/ci-*");
    assertThat(failures(audit(root -> executionTrust(root).set("Condition",
        json("{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:eu-west-2:123456789012:task/ci-*'}}"))))).containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(root -> executionTrust(root).set("Condition", json(
        "{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}, 'StringEquals': {'aws:SourceAccount': '123456789012'}}")))))
        .containsExactly(BASELINE_ADVICE);
  }

  @Test
  void aSecretPolicyStillPublicNamesTheGrantADenyRefused() {
    String readSecret = "{'Sid': 'ReadSecret', 'Effect': 'Allow', 'Principal': '*', 'Action': 'secretsmanager:GetSecretValue', 'Resource': '*'}";
    String describe = readSecret.replace("ReadSecret'", "Describe'").replace("GetSecretValue", "DescribeSecret");
    String noReads = IDENTITY_PERIMETER.replace("EnforceIdentityPerimeter", "NoReadsFromOutside").replace("secretsmanager:*", "secretsmanager:GetSecretValue");
    String noServiceReads = CONFUSED_DEPUTY.replace("EnforceConfusedDeputyProtection", "NoServiceReads").replace("secretsmanager:*", "secretsmanager:GetSecretValue");
    List<Finding> findings = audit(secretPolicy(policy(readSecret, describe, noReads, noServiceReads)));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    assertThat(one(findings, "FCA-SECRETS-002", SECRET).evidence().get("refusedByDeny"))
        .contains("resource policy statement 1 (Sid ReadSecret) refused by resource policy statement 3 (Sid NoReadsFromOutside)")
        .doesNotContain("statement 2");
  }

  @Test
  void aSecretPolicyDenyThatMissesTheActionTheResourceOrTheOutsiderLeavesItPublic() {
    List<String> nearMisses = List.of(
        // another secret
        IDENTITY_PERIMETER.replace("'Resource': '*'", "'Resource': 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:other-AbCdEf'"),
        // another action: GetSecretValue stays granted
        IDENTITY_PERIMETER.replace("'secretsmanager:*'", "'secretsmanager:DescribeSecret'"),
        // a principal who is not everyone
        IDENTITY_PERIMETER.replace("{'AWS': '*'}", "{'AWS': 'arn:aws:iam::999999999999:root'}"),
        // a condition the outsider does not meet: only one other organisation is refused
        IDENTITY_PERIMETER.replace("StringNotEqualsIfExists", "StringEquals").replace("o-a1b2c3d4e5", "o-evil"),
        // a key the outsider chooses: AWS's network statement applies only to principals tagged for it
        "{'Effect': 'Deny', 'Principal': {'AWS': '*'}, 'Action': 'secretsmanager:*', 'Resource': '*', 'Condition': "
            + "{'StringNotEqualsIfExists': {'aws:SourceVpc': 'vpc-0a1b2c3d'}, "
            + "'StringEquals': {'aws:PrincipalTag/data-perimeter-include': 'true'}}}");
    for (String deny : nearMisses) {
      assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, deny))))).as(deny)
          .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    }
  }

  /**
   * A Deny that exempts a principal by name exempts whoever can take that name: any account may
   * create a role {@code ci-runner} or a user {@code alice}, none another account's ID.
   */
  @Test
  void aSecretPolicyDenyExemptingAPrincipalNameAnyAccountCanTakeLeavesItPublic() {
    String exempting = "{'Effect': 'Deny', 'Principal': {'AWS': '*'}, 'Action': 'secretsmanager:*', 'Resource': '*', "
        + "'Condition': {'ArnNotLike': {'aws:PrincipalArn': 'ACCOUNT:role/ci-*'}}}";
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE,
        exempting.replace("ACCOUNT", "arn:aws:iam::123456789012"))))))
        .containsExactly(BASELINE_ADVICE);
    for (String deny : List.of(exempting.replace("ACCOUNT", "arn:aws:iam::*"),
        exempting.replace("ArnNotLike", "StringNotLike").replace("ACCOUNT", "*"),
        exempting.replace("{'ArnNotLike': {'aws:PrincipalArn': 'ACCOUNT:role/ci-*'}}", "{'StringNotEquals': {'aws:username': 'alice'}}"))) {
      assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, deny))))).as(deny)
          .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    }
  }

  /**
   * A request through a VPC endpoint holds no aws:SourceIp: refusing every public address and
   * anonymous requests leaves an outsider calling through an endpoint of its own.
   */
  @Test
  void aSecretPolicyDenyOfEveryPublicAddressLeavesItPublicThroughAVpcEndpoint() {
    String publicAddresses = "{'Effect': 'Deny', 'Principal': '*', 'Action': 'secretsmanager:*', "
        + "'Condition': {'IpAddress': {'aws:SourceIp': ['0.0.0.0/0', '::/0']}}}";
    String anonymous = "{'Effect': 'Deny', 'Principal': '*', 'Action': 'secretsmanager:*', "
        + "'Condition': {'Null': {'aws:PrincipalAccount': 'true'}}}";
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, publicAddresses, anonymous)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    // Refusing requests made for a resource, from no organisation and anonymous ones leaves an
    // organisation member's own call.
    String onBehalf = anonymous.replace("{'Null': {'aws:PrincipalAccount': 'true'}}", "{'Null': {'aws:SourceAccount': 'false'}}");
    String noOrganisation = anonymous.replace("{'Null': {'aws:PrincipalAccount': 'true'}}", "{'Null': {'aws:PrincipalOrgID': 'true'}}");
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, onBehalf, noOrganisation, anonymous)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-002 " + SECRET);
    // Refusing requests from outside one VPC also refuses those through another's endpoint.
    String outsideVpc = publicAddresses.replace("{'IpAddress': {'aws:SourceIp': ['0.0.0.0/0', '::/0']}}",
        "{'StringNotEqualsIfExists': {'aws:SourceVpc': 'vpc-0a1b2c3d'}}");
    assertThat(failures(audit(secretPolicy(policy(READ_BY_EVERYONE, outsideVpc, anonymous))))).containsExactly(BASELINE_ADVICE);
  }

  @Test
  void anEfsPolicyDenyingRequestsFromOutsideTheVpcIsNotPublic() {
    String mount = "{'Effect': 'Allow', 'Principal': {'AWS': '*'}, 'Action': ['elasticfilesystem:ClientMount', "
        + "'elasticfilesystem:ClientWrite'], 'Resource': '" + FILE_SYSTEM + "'}";
    String outsideVpc = "{'Effect': 'Deny', 'Principal': '*', 'Action': 'elasticfilesystem:*', 'Resource': '*', "
        + "'Condition': {'StringNotEquals': {'aws:SourceVpc': 'vpc-0a1b2c3d'}}}";
    assertThat(failures(audit(root -> ((ObjectNode) root.get("efsFileSystems").get(0)).set("policy", policy(mount, outsideVpc)))))
        .containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(root -> ((ObjectNode) root.get("efsFileSystems").get(0)).set("policy", policy(mount)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-EFS-004 " + FILE_SYSTEM);
    // Refusing plain HTTP refuses no outsider who uses TLS.
    String httpOnly = outsideVpc.replace("{'StringNotEquals': {'aws:SourceVpc': 'vpc-0a1b2c3d'}}", "{'Bool': {'aws:SecureTransport': 'false'}}");
    assertThat(failures(audit(root -> ((ObjectNode) root.get("efsFileSystems").get(0)).set("policy", policy(mount, httpOnly)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-EFS-004 " + FILE_SYSTEM);
  }

  private static Consumer<ObjectNode> executionStatements(String... statements) {
    return root -> ((ObjectNode) role(root, "gitlab-ci-task-execution").at("/inlinePolicies/0")).set("document", policy(statements));
  }

  private static final String READ_EVERY_SECRET = "{'Sid': 'ReadSecrets', 'Effect': 'Allow', 'Action': 'secretsmanager:GetSecretValue', 'Resource': '*'}";

  @Test
  void aGuardrailDenyOnEverySecretButTheOneInUseCancelsReadingEverySecret() {
    String allButRegistryLogin = "{'Sid': 'OnlyTheRegistryLogin', 'Effect': 'Deny', 'Action': 'secretsmanager:*', 'NotResource': '" + SECRET + "'}";
    List<Finding> findings = audit(executionStatements(READ_EVERY_SECRET, allButRegistryLogin));
    assertThat(failures(findings)).containsExactly(BASELINE_ADVICE);

    // A Deny on the estate's region only leaves every secret of the account's other regions.
    String estateRegionOnly = "{'Effect': 'Deny', 'Action': 'secretsmanager:*', 'Resource': 'arn:aws:secretsmanager:eu-west-2:*:secret:*'}";
    assertThat(failures(audit(executionStatements(READ_EVERY_SECRET, estateRegionOnly))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-005 " + EXECUTION);

    findings = audit(executionStatements(READ_EVERY_SECRET));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-005 " + EXECUTION);
    assertThat(one(findings, "FCA-IAM-005", EXECUTION).message()).contains("secretsmanager:GetSecretValue on * (read-registry-credential)");
  }

  /** IAM's Effect is case-sensitive: "deny" is no Deny, and a statement that is neither Allow nor Deny is a policy the tool cannot read. */
  @Test
  void anEffectOtherThanAllowOrDenyMakesTheRolesRulesErrorNotADeny() {
    String lowerCase = "{'Effect': 'deny', 'Action': 'secretsmanager:*', 'Resource': '*'}";
    List<Finding> execution = audit(executionStatements(READ_EVERY_SECRET, lowerCase)).stream()
        .filter(f -> f.resource().id().equals(EXECUTION)).toList();
    assertThat(execution).isNotEmpty().allSatisfy(f -> {
      assertThat(f.status()).isEqualTo(Status.ERROR);
      assertThat(f.message()).contains("MalformedPolicyDocument");
    });
  }

  @Test
  void aRoleDenyOnOneResourceAnotherActionOrAKeyTheRoleChoosesLeavesTheGrant() {
    List<String> nearMisses = List.of(
        "{'Effect': 'Deny', 'Action': 'secretsmanager:GetSecretValue', 'Resource': 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:prod/db-AbCdEf'}",
        "{'Effect': 'Deny', 'Action': 'ssm:GetParameter*', 'Resource': '*'}",
        "{'Effect': 'Deny', 'Action': 'secretsmanager:GetSecretValue', 'Resource': '*', "
            + "'Condition': {'StringNotEquals': {'aws:ResourceTag/ci': 'true'}}}");
    for (String deny : nearMisses) {
      List<Finding> findings = audit(executionStatements(READ_EVERY_SECRET, deny));
      assertThat(failures(findings)).as(deny).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-005 " + EXECUTION);
    }
  }

  private static Consumer<ObjectNode> runner(Consumer<ObjectNode> edit, String... denies) {
    return root -> {
      edit.accept(root);
      ArrayNode statements = (ArrayNode) role(root, "gitlab-runner").at("/inlinePolicies/0/document/Statement");
      for (String d : denies) statements.add(json(d));
    };
  }

  @Test
  void aDenyOfPassRoleOnEveryRoleButTheCiRolesKeepsPassRoleToTheCiRoles() {
    Consumer<ObjectNode> everyRole = root -> runnerStatement(root, "PassCiTaskRoles").put("Resource", "arn:aws:iam::123456789012:role/*");
    String allButCi = "{'Sid': 'OnlyCiRoles', 'Effect': 'Deny', 'Action': 'iam:PassRole', "
        + "'NotResource': 'arn:aws:iam::123456789012:role/gitlab-ci-*'}";
    List<Finding> findings = audit(runner(everyRole, allButCi));
    assertThat(failures(findings)).containsExactly(BASELINE_ADVICE);

    assertThat(failures(audit(runner(everyRole)))).containsExactlyInAnyOrder(BASELINE_ADVICE,
        "FCA-IAM-005 " + RUNNER, "FCA-IAM-006 " + RUNNER, "FCA-IAM-009 " + RUNNER);
    // A Deny that leaves out more than the CI roles does not keep PassRole to them.
    String allButAll = allButCi.replace("role/gitlab-ci-*", "role/*");
    assertThat(failures(audit(runner(everyRole, allButAll)))).containsExactlyInAnyOrder(BASELINE_ADVICE,
        "FCA-IAM-005 " + RUNNER, "FCA-IAM-006 " + RUNNER, "FCA-IAM-009 " + RUNNER);
    // Nor does one that leaves out whatever the request fills in.
    String allButTagged = allButCi.replace("role/gitlab-ci-*", "role/${aws:PrincipalTag/ci-role}");
    assertThat(failures(audit(runner(everyRole, allButTagged)))).containsExactlyInAnyOrder(BASELINE_ADVICE,
        "FCA-IAM-005 " + RUNNER, "FCA-IAM-006 " + RUNNER, "FCA-IAM-009 " + RUNNER);
  }

  @Test
  void aDenyOfPassRoleToOtherServicesLimitsItToEcsTasks() {
    Consumer<ObjectNode> unconditioned = root -> runnerStatement(root, "PassCiTaskRoles").remove("Condition");
    String onlyEcsTasks = "{'Effect': 'Deny', 'Action': 'iam:PassRole', 'Resource': '*', "
        + "'Condition': {'StringNotEquals': {'iam:PassedToService': 'ecs-tasks.amazonaws.com'}}}";
    assertThat(failures(audit(runner(unconditioned, onlyEcsTasks)))).containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(runner(unconditioned)))).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-010 " + RUNNER);
    String onlyEc2 = onlyEcsTasks.replace("StringNotEquals", "StringEquals").replace("ecs-tasks", "ec2");
    List<Finding> findings = audit(runner(unconditioned, onlyEc2));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-010 " + RUNNER);
    assertThat(one(findings, "FCA-IAM-010", RUNNER).message()).contains("may pass roles to any service");
    // A Deny that lets another service through leaves that service named.
    findings = audit(runner(unconditioned, onlyEcsTasks.replace("'ecs-tasks.amazonaws.com'", "['ecs-tasks.amazonaws.com', 'glue.amazonaws.com']")));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-010 " + RUNNER);
    assertThat(one(findings, "FCA-IAM-010", RUNNER).message()).contains("may pass roles to ecs-tasks.amazonaws.com, glue.amazonaws.com");
  }

  @Test
  void aDenyOfRunTaskBeyondTheCiFamilyAndClusterScopesTheRunner() {
    Consumer<ObjectNode> anyTaskAnyCluster = root -> {
      ObjectNode run = runnerStatement(root, "RunCiTasks");
      run.put("Resource", "arn:aws:ecs:eu-west-2:123456789012:task-definition/*");
      run.remove("Condition");
    };
    String onlyCiFamily = "{'Sid': 'OnlyCiFamily', 'Effect': 'Deny', 'Action': 'ecs:RunTask', "
        + "'NotResource': 'arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci-*:*'}";
    String onlyCiCluster = "{'Sid': 'OnlyCiCluster', 'Effect': 'Deny', 'Action': 'ecs:RunTask', 'Resource': '*', "
        + "'Condition': {'ArnNotEquals': {'ecs:cluster': 'arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci'}}}";
    assertThat(failures(audit(runner(anyTaskAnyCluster, onlyCiFamily, onlyCiCluster)))).containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(runner(anyTaskAnyCluster)))).containsExactlyInAnyOrder(BASELINE_ADVICE,
        "FCA-IAM-011 " + RUNNER, "FCA-IAM-012 " + RUNNER);
    // A family Deny that applies only in the CI cluster leaves every family startable elsewhere.
    String familyInCiOnly = onlyCiFamily.replace("}", ", 'Condition': {'ArnEquals': {'ecs:cluster': "
        + "'arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci'}}}");
    assertThat(failures(audit(runner(anyTaskAnyCluster, familyInCiOnly, onlyCiCluster)))).containsExactlyInAnyOrder(BASELINE_ADVICE,
        "FCA-IAM-011 " + RUNNER);
  }

  @Test
  void aDenyOfAnEscalationOnEveryResourceCancelsItAndOnOneRoleDoesNot() {
    String putRolePolicy = "{'Sid': 'TuneCiRoles', 'Effect': 'Allow', 'Action': 'iam:PutRolePolicy', "
        + "'Resource': 'arn:aws:iam::123456789012:role/gitlab-ci-*'}";
    Consumer<ObjectNode> none = root -> { };
    assertThat(failures(audit(runner(none, putRolePolicy)))).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-006 " + RUNNER);
    assertThat(failures(audit(runner(none, putRolePolicy,
        "{'Effect': 'Deny', 'Action': 'iam:Put*', 'Resource': '*'}")))).containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(runner(none, putRolePolicy,
        "{'Effect': 'Deny', 'Action': 'iam:PutRolePolicy', 'Resource': '" + EXECUTION + "'}"))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-006 " + RUNNER);
    // IAM names actions in ASCII: the Kelvin sign is no K, though Java lower-cases it to k.
    String createAccessKey = putRolePolicy.replace("iam:PutRolePolicy", "iam:CreateAccessKey");
    assertThat(failures(audit(runner(none, createAccessKey,
        "{'Effect': 'Deny', 'Action': 'iam:CreateAccess\u212Aey', 'Resource': '*'}"))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-006 " + RUNNER);
    // Where one escalation is refused and another stands, the finding names both.
    List<Finding> findings = audit(runner(none, putRolePolicy.replace("'iam:PutRolePolicy'", "['iam:PutRolePolicy', 'iam:AttachRolePolicy']"),
        "{'Sid': 'NoInlinePolicies', 'Effect': 'Deny', 'Action': 'iam:Put*', 'Resource': '*'}"));
    Finding f = one(findings, "FCA-IAM-006", RUNNER);
    assertThat(f.message()).contains("iam:AttachRolePolicy (fargate-driver)").doesNotContain("iam:PutRolePolicy");
    assertThat(f.evidence().get("refusedByDeny")).contains(
        "iam:PutRolePolicy (fargate-driver statement 4 (Sid TuneCiRoles)) refused by fargate-driver statement 5 (Sid NoInlinePolicies)");
  }

  @Test
  void aTrustPolicyDenyOfOtherAccountsGuardsAgainstTheConfusedDeputy() {
    Consumer<ObjectNode> unguarded = root -> executionTrust(root).remove("Condition");
    String otherAccounts = "{'Effect': 'Deny', 'Principal': {'Service': 'ecs-tasks.amazonaws.com'}, 'Action': 'sts:AssumeRole', "
        + "'Condition': {'StringNotEquals': {'aws:SourceAccount': '123456789012'}}}";
    assertThat(failures(audit(unguarded))).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-008 " + EXECUTION);
    assertThat(failures(audit(unguarded.andThen(root -> ((ArrayNode) role(root, "gitlab-ci-task-execution")
        .at("/assumeRolePolicy/Statement")).add(json(otherAccounts)))))).containsExactly(BASELINE_ADVICE);
    // Refusing only requests without a source account lets another account's request through.
    String onlyWithout = otherAccounts.replace("{'StringNotEquals': {'aws:SourceAccount': '123456789012'}}", "{'Null': {'aws:SourceAccount': 'true'}}");
    assertThat(failures(audit(unguarded.andThen(root -> ((ArrayNode) role(root, "gitlab-ci-task-execution")
        .at("/assumeRolePolicy/Statement")).add(json(onlyWithout)))))).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-008 " + EXECUTION);
    // Exempting a cluster name any account can take lets that account's request through.
    String ciNamed = otherAccounts.replace("{'StringNotEquals': {'aws:SourceAccount': '123456789012'}}",
        "{'ArnNotLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}}");
    assertThat(failures(audit(unguarded.andThen(root -> ((ArrayNode) role(root, "gitlab-ci-task-execution")
        .at("/assumeRolePolicy/Statement")).add(json(ciNamed)))))).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-008 " + EXECUTION);
    // A Deny on another principal does not guard this one.
    String otherService = otherAccounts.replace("ecs-tasks.amazonaws.com", "lambda.amazonaws.com");
    assertThat(failures(audit(unguarded.andThen(root -> ((ArrayNode) role(root, "gitlab-ci-task-execution")
        .at("/assumeRolePolicy/Statement")).add(json(otherService)))))).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IAM-008 " + EXECUTION);
  }

  // ------------------------------------------------------------------ resource-policy grants to AWS service principals

  private static final String REPOSITORY = "arn:aws:ecr:eu-west-2:123456789012:repository/gitlab-ci-tools";

  /**
   * The hardened estate with a sidecar whose image comes from this account's ECR repository
   * {@code gitlab-ci-tools} (scanned, immutable tags), its repository policy {@code policy}.
   */
  private static Consumer<ObjectNode> repositoryPolicy(JsonNode policy) {
    return root -> {
      ObjectNode td = (ObjectNode) root.get("taskDefinitions").get(0);
      ObjectNode sidecar = Mappers.json().createObjectNode();
      sidecar.put("name", "tools").put("essential", false).put("logDriver", "awslogs")
          .put("image", "123456789012.dkr.ecr.eu-west-2.amazonaws.com/gitlab-ci-tools@sha256:"
              + "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988");
      sidecar.putArray("portMappings");
      sidecar.putArray("environment");
      sidecar.putArray("secrets");
      sidecar.putArray("mountPoints");
      ((ArrayNode) td.get("containers")).add(sidecar);
      ObjectNode repo = ((ArrayNode) root.withArray("ecrRepositories")).addObject();
      repo.put("arn", REPOSITORY).put("name", "gitlab-ci-tools").put("region", "eu-west-2").put("registryId", "123456789012")
          .put("uri", "123456789012.dkr.ecr.eu-west-2.amazonaws.com/gitlab-ci-tools").put("scanOnPush", true)
          .put("imageTagMutability", "IMMUTABLE").put("encryptionType", "AES256");
      repo.set("policy", policy);
    };
  }

  /** The hardened estate's config with this account's ECR registry allowed too, beside its runner config. */
  private Path ecrAllowed() {
    try {
      Path dir = Files.createTempDirectory(tmp, "ecr-allowed");
      Files.copy(HARDENED.resolve("fargate.toml"), dir.resolve("fargate.toml"));
      String yml = Files.readString(HARDENED.resolve("audit.yml")).replace("allowedRegistries: [docker.io/my-organisation]",
          "allowedRegistries: [docker.io/my-organisation, 123456789012.dkr.ecr.eu-west-2.amazonaws.com]");
      return Files.writeString(dir.resolve("audit.yml"), yml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Consumer<ObjectNode> fileSystemPolicy(JsonNode policy) {
    return root -> ((ObjectNode) root.get("efsFileSystems").get(0)).set("policy", policy);
  }

  private static final String PULL = "['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability']";

  /**
   * A resource policy's Allow to an AWS service principal with no condition that keeps the
   * resource the service acts for this account's lets any account's CodeBuild project pull the
   * image, or any account's resource have the service read the secret or mount the file system: the
   * confused deputy, its own rule on exactly that repository, secret and file system (not the
   * public-policy rules: no principal may call on its own). The evidence names statement and service.
   */
  @Test
  void aResourcePolicyGrantToAServiceForAnyAccountIsAConfusedDeputy() {
    String buildPull = "{'Sid': 'CodeBuildPull', 'Effect': 'Allow', 'Principal': {'Service': 'codebuild.amazonaws.com'}, 'Action': " + PULL + "}";
    String buildsRead = "{'Sid': 'BuildsRead', 'Effect': 'Allow', 'Principal': {'Service': ['codebuild.amazonaws.com']}, "
        + "'Action': 'secretsmanager:GetSecretValue', 'Resource': '*', "
        + "'Condition': {'ArnLike': {'aws:SourceArn': 'arn:aws:codebuild:*:*:project/ci-*'}}}";
    String syncMount = "{'Sid': 'DataSyncMount', 'Effect': 'Allow', 'Principal': {'Service': 'datasync.amazonaws.com'}, "
        + "'Action': ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']}";
    List<Finding> findings = audit(repositoryPolicy(policy(buildPull)).andThen(secretPolicy(policy(buildsRead)))
        .andThen(fileSystemPolicy(policy(syncMount))), ecrAllowed());
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-IMAGES-010 " + REPOSITORY,
        "FCA-SECRETS-003 " + SECRET, "FCA-EFS-006 " + FILE_SYSTEM);
    assertThat(one(findings, "FCA-IMAGES-010", REPOSITORY).evidence().get("deputies"))
        .isEqualTo("resource policy statement 1 (Sid CodeBuildPull): codebuild.amazonaws.com");
    assertThat(one(findings, "FCA-SECRETS-003", SECRET).evidence().get("conditionsAnyoneMeets"))
        .isEqualTo("resource policy statement 1 (Sid BuildsRead): aws:SourceArn arn:aws:codebuild:*:*:project/ci-*");
    assertThat(one(findings, "FCA-EFS-006", FILE_SYSTEM).evidence().get("deputies"))
        .isEqualTo("resource policy statement 1 (Sid DataSyncMount): datasync.amazonaws.com");
    assertThat(one(findings, "FCA-IMAGES-010", REPOSITORY).severity()).isEqualTo(Severity.MEDIUM);
  }

  /**
   * The same grants built the way AWS documents them (ECR for CodeBuild with aws:SourceAccount;
   * for Lambda with aws:SourceArn on this account's functions; a source organisation; a source
   * ARN in any account beside this aws:SourceAccount) pass. A statement that also names an
   * account's root is judged for its service alike.
   */
  @Test
  void aGrantToAServicePinnedToThisAccountsResourcesPasses() {
    String pinned = "{'Version': '2012-10-17', 'Statement': ["
        + "{'Sid': 'CodeBuildPull', 'Effect': 'Allow', 'Principal': {'Service': 'codebuild.amazonaws.com'}, 'Action': " + PULL + ", "
        + "'Condition': {'StringEquals': {'aws:SourceAccount': '123456789012'}}}, "
        + "{'Sid': 'LambdaPull', 'Effect': 'Allow', 'Principal': {'Service': 'lambda.amazonaws.com'}, 'Action': " + PULL + ", "
        + "'Condition': {'StringLike': {'aws:sourceARN': 'arn:aws:lambda:eu-west-2:123456789012:function:*'}}}]}";
    String orgRead = "{'Effect': 'Allow', 'Principal': {'Service': 'codebuild.amazonaws.com', 'AWS': 'arn:aws:iam::123456789012:root'}, "
        + "'Action': 'secretsmanager:GetSecretValue', 'Resource': '*', 'Condition': {'StringEquals': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}}}";
    String accountMount = "{'Effect': 'Allow', 'Principal': {'Service': 'datasync.amazonaws.com'}, 'Action': 'elasticfilesystem:ClientMount', "
        + "'Condition': {'ArnLike': {'aws:SourceArn': 'arn:aws:datasync:*:*:task/*'}, 'StringEquals': {'aws:SourceAccount': '123456789012'}}}";
    assertThat(failures(audit(repositoryPolicy(json(pinned)).andThen(secretPolicy(policy(orgRead)))
        .andThen(fileSystemPolicy(policy(accountMount))), ecrAllowed()))).containsExactly(BASELINE_ADVICE);

    String unpinnedRoot = orgRead.replace(", 'Condition': {'StringEquals': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}}", "");
    assertThat(failures(audit(secretPolicy(policy(unpinnedRoot))))).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-003 " + SECRET);
  }

  /**
   * AWS's confused-deputy Deny refuses a service acting for a resource outside the organisation,
   * so it cancels an unconditioned grant to a service (named as refused); AWS's identity perimeter
   * exempts service principals and does not, nor does a Deny of another service or one whose
   * NotPrincipal exempts this one.
   */
  @Test
  void awsConfusedDeputyDenyCancelsAGrantToAServiceAndTheIdentityPerimeterDoesNot() {
    String buildsRead = "{'Sid': 'BuildsRead', 'Effect': 'Allow', 'Principal': {'Service': 'codebuild.amazonaws.com'}, "
        + "'Action': 'secretsmanager:GetSecretValue', 'Resource': '*'}";
    assertThat(failures(audit(secretPolicy(policy(buildsRead, CONFUSED_DEPUTY))))).containsExactly(BASELINE_ADVICE);
    assertThat(failures(audit(secretPolicy(policy(buildsRead, IDENTITY_PERIMETER)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-003 " + SECRET);
    String otherService = "{'Sid': 'NoForeignDeputy', 'Effect': 'Deny', 'Principal': {'Service': 'lambda.amazonaws.com'}, "
        + "'Action': 'secretsmanager:*', 'Condition': {'StringNotEquals': {'aws:SourceAccount': '123456789012'}}}";
    assertThat(failures(audit(secretPolicy(policy(buildsRead, otherService)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-003 " + SECRET);
    // A NotPrincipal Deny covers everyone but the principals it names: naming the service exempts it.
    String exemptingIt = otherService.replace("'Principal': {'Service': 'lambda.amazonaws.com'}", "'NotPrincipal': {'Service': 'codebuild.amazonaws.com'}");
    assertThat(failures(audit(secretPolicy(policy(buildsRead, exemptingIt)))))
        .containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-003 " + SECRET);
    assertThat(failures(audit(secretPolicy(policy(buildsRead, exemptingIt.replace("codebuild", "lambda")))))).containsExactly(BASELINE_ADVICE);
    List<Finding> findings = audit(secretPolicy(policy(buildsRead, otherService.replace("lambda", "codebuild"),
        buildsRead.replace("BuildsRead", "LambdaRead").replace("codebuild", "lambda"))));
    assertThat(failures(findings)).containsExactlyInAnyOrder(BASELINE_ADVICE, "FCA-SECRETS-003 " + SECRET);
    assertThat(one(findings, "FCA-SECRETS-003", SECRET).evidence().get("deputies"))
        .isEqualTo("resource policy statement 3 (Sid LambdaRead): lambda.amazonaws.com");
    assertThat(one(findings, "FCA-SECRETS-003", SECRET).evidence().get("refusedByDeny"))
        .isEqualTo("resource policy statement 1 (Sid BuildsRead): codebuild.amazonaws.com refused by resource policy statement 2 (Sid NoForeignDeputy)");
  }
}
