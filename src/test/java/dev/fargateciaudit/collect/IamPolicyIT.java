package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The printed policy is sufficient, for real: moto enforces IAM once its first
 * {@code INITIAL_NO_AUTH_ACTION_COUNT} requests (the estate's set-up) are spent. A user holding
 * exactly the printed policy scans with no AccessDenied; a user missing one action gets exactly
 * that operation's collection errors.
 */
class IamPolicyIT {
  static final int NO_AUTH_BUDGET = 400;
  static final String MISSING = "ec2:DescribeSecurityGroups";
  static final String MISSING_SSM = "ssm:DescribeParameters";

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer("INITIAL_NO_AUTH_ACTION_COUNT=" + NO_AUTH_BUDGET).keepStateBetweenTests();

  static String[] full;
  static String[] partial;
  static String[] withoutSsm;
  static String[] nobody;

  @BeforeAll
  static void estateAndUsers() throws Exception {
    try (Estate e = new Estate(MOTO.endpoint(), "eu-west-2")) {
      e.blog();
      // A family the runner may start (AmazonECS_FullAccess: RunTask on *) that never ran, reading a
      // Parameter Store parameter: its collection takes ecs:ListTaskDefinitions and ssm:DescribeParameters.
      e.ssm.putParameter(r -> r.name("/ci/npm/token").type("SecureString").value("not-read"));
      e.ecs.registerTaskDefinition(r -> r.family("gitlab-ci-release").executionRoleArn(e.executionRole)
          .containerDefinitions(c -> c.name("release").image(e.image).memory(512).secrets(
              s -> s.name("NPM_TOKEN").valueFrom("/ci/npm/token"))));
    }
    ObjectNode policy = printedPolicy();
    ObjectNode withoutOne = without(policy, MISSING);
    ObjectNode withoutParameters = without(policy, MISSING_SSM);
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
    try (IamClient iam = IamClient.builder().endpointOverride(URI.create(MOTO.endpoint())).region(Region.AWS_GLOBAL)
        .credentialsProvider(creds).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      full = user(iam, "auditor", policy);
      partial = user(iam, "auditor-missing-one", withoutOne);
      withoutSsm = user(iam, "auditor-without-ssm", withoutParameters);
      iam.createUser(r -> r.userName("nobody"));
      var key = iam.createAccessKey(r -> r.userName("nobody")).accessKey();
      nobody = new String[] {key.accessKeyId(), key.secretAccessKey()};
    }
    spendNoAuthBudget();
  }

  static ObjectNode without(ObjectNode policy, String action) {
    ObjectNode copy = policy.deepCopy();
    ArrayNode actions = (ArrayNode) copy.path("Statement").get(0).path("Action");
    for (int i = 0; i < actions.size(); i++) if (actions.get(i).asText().equals(action)) actions.remove(i);
    return copy;
  }

  static String[] user(IamClient iam, String name, ObjectNode policy) throws Exception {
    iam.createUser(r -> r.userName(name));
    String doc = Mappers.json().writeValueAsString(policy);
    iam.putUserPolicy(r -> r.userName(name).policyName("fargate-ci-audit").policyDocument(doc));
    var key = iam.createAccessKey(r -> r.userName(name)).accessKey();
    return new String[] {key.accessKeyId(), key.secretAccessKey()};
  }

  /** Makes unauthenticated calls until moto starts rejecting unknown keys: from then on it enforces IAM. */
  static void spendNoAuthBudget() {
    var bogus = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x"));
    try (StsClient sts = StsClient.builder().endpointOverride(URI.create(MOTO.endpoint())).region(Region.EU_WEST_2)
        .credentialsProvider(bogus).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      for (int i = 0; i < NO_AUTH_BUDGET; i++) {
        try {
          sts.getCallerIdentity();
        } catch (SdkException enforced) {
          return;
        }
      }
    }
    throw new IllegalStateException("moto never started enforcing IAM");
  }

  static ObjectNode printedPolicy() throws Exception {
    StringWriter out = new StringWriter();
    assertThat(Main.run(new String[] {"iam-policy"}, new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();
    return (ObjectNode) Mappers.json().readTree(out.toString());
  }

  @Test
  void printedPolicyIsOneReadOnlyStatementOfTheDeclaredActions() throws Exception {
    JsonNode policy = printedPolicy();
    assertThat(policy.path("Statement")).hasSize(1);
    JsonNode statement = policy.path("Statement").get(0);
    assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.path("Resource").asText()).isEqualTo("*");
    List<String> actions = new ArrayList<>();
    statement.path("Action").forEach(a -> actions.add(a.asText()));
    assertThat(actions).isSorted().doesNotHaveDuplicates().containsExactlyElementsOf(ServiceCollectors.iamActions());
    assertThat(actions).allMatch(a -> a.matches("[a-z0-9]+:(Describe|List|Get)[A-Za-z]+"), "read-only verbs only");
    assertThat(actions).doesNotContain("secretsmanager:GetSecretValue");
  }

  @Test
  void aUserWithExactlyThePrintedPolicyScansWithoutAccessDenied() {
    MotoServer.useCredentials(full[0], full[1]);
    Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, LiveCollectionIT.options("eu-west-2"));
    assertThat(inv.collectionErrors()).isEmpty();
    assertThat(inv.iamRoles()).hasSize(2);
    assertThat(inv.securityGroups()).hasSize(3);
    assertThat(inv.taskDefinitions()).hasSize(2);
    assertThat(inv.ssmParameters()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("/ci/npm/token"));
    assertThat(inv.meta().apiCalls()).containsKeys("ecs:ListTaskDefinitions", "ssm:DescribeParameters",
        "ec2:DescribeSecurityGroupRules");
    assertThat(ServiceCollectors.iamActions()).containsAll(inv.meta().apiCalls().keySet());
  }

  /** Which services moto 5.2.1 really enforces: the ones a user with no policy is denied (docs/collection.md). */
  @Test
  void aUserWithNoPolicyIsDeniedEveryEnforcedService() {
    MotoServer.useCredentials(nobody[0], nobody[1]);
    Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, LiveCollectionIT.options("eu-west-2"));
    java.util.Set<String> denied = new java.util.TreeSet<>();
    inv.collectionErrors().forEach(e -> denied.add(e.service() + ":" + e.operation() + "=" + e.errorCode()));
    java.util.Set<String> allowed = new java.util.TreeSet<>(inv.meta().apiCalls().keySet());
    inv.collectionErrors().forEach(e -> allowed.remove(e.service() + ":" + e.operation()));
    System.out.println("moto IAM enforcement, user with no policy: denied " + denied + "; not denied " + allowed);
    assertThat(denied).anyMatch(d -> d.startsWith("ec2:")).anyMatch(d -> d.startsWith("ecs:"));
  }

  @Test
  void aUserMissingOneActionGetsThatOperationsCollectionError() {
    MotoServer.useCredentials(partial[0], partial[1]);
    Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, LiveCollectionIT.options("eu-west-2"));
    assertThat(inv.collectionErrors()).isNotEmpty().allSatisfy((CollectionError e) -> {
      assertThat(e.service() + ":" + e.operation()).isEqualTo(MISSING);
      assertThat(e.errorCode()).isIn("AccessDenied", "UnauthorizedOperation");
    });
    assertThat(inv.securityGroups()).isEmpty();
    assertThat(inv.iamRoles()).hasSize(2);
  }

  /**
   * ssm:DescribeParameters is needed, and a parameter that could not be described is not "missing":
   * the reference gets a collection error of its own (its rules are ERROR), nothing else is lost.
   */
  @Test
  void aUserWithoutParameterStoreReadsGetsThatOperationsCollectionErrors() {
    MotoServer.useCredentials(withoutSsm[0], withoutSsm[1]);
    Inventory inv = LiveCollection.collect(AuditConfig.DEFAULTS, LiveCollectionIT.options("eu-west-2"));
    assertThat(inv.collectionErrors()).isNotEmpty().allSatisfy((CollectionError e) ->
        assertThat(e.service() + ":" + e.operation()).isEqualTo(MISSING_SSM));
    // moto 5.2.1 denies Parameter Store reads with an HTTP 403 that carries no error code, as it does ECS reads.
    assertThat(inv.collectionErrors()).singleElement().satisfies(e -> {
      assertThat(e.errorCode()).isIn("AccessDeniedException", "HTTP403");
      assertThat(e.resource()).isEqualTo("/ci/npm/token");
    });
    assertThat(inv.ssmParameters()).isEmpty();
    assertThat(inv.securityGroups()).hasSize(3);
  }
}
