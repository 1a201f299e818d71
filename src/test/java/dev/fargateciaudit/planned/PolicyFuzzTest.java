package dev.fargateciaudit.planned;

import static dev.fargateciaudit.input.Fuzz.mutations;
import static dev.fargateciaudit.input.Fuzz.onlyBadInput;
import static dev.fargateciaudit.input.Fuzz.positionOf;
import static dev.fargateciaudit.input.Fuzz.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fargateciaudit.derive.PolicyStatement;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the IAM policy parsers: planned policy JSON ({@link PositionedJson} + {@link IamPolicyGrammar},
 * what {@code --planned} and {@code iam.yml} read) and the normaliser every rule sees
 * ({@link PolicyStatement#parse}). A planned policy is either rejected with one
 * {@code FILE:LINE:COL: message} line or accepted, and an accepted one always normalises to
 * statements that each name an action and (identity policies) a resource or (trust policies) a
 * principal (or a NotPrincipal). The normaliser, fed anything JSON (a live account's documents are not validated),
 * returns statements or an {@link IllegalArgumentException}, nothing else. Generated valid policies
 * are accepted whether each {@code Action}, {@code Resource} and principal value is written as a
 * string or as a list (principals too, in trust policies), and normalise to the same statements either way.
 * Longer: {@code ./mvnw -B -o test -Dtest=PolicyFuzzTest -Djqwik.tries.default=20000}.
 */
class PolicyFuzzTest {
  private static final String IDENTITY = """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Sid": "ReadLogin", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
           "Resource": ["arn:aws:secretsmanager:eu-west-2:123456789012:secret:ci/login-AbCdEf"]},
          {"Effect": "Deny", "NotAction": ["ecs:RunTask", "ecs:Describe*"], "NotResource": "*",
           "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-2", "eu-west-1"]}, "Bool": {"aws:SecureTransport": "false"}}}
        ]
      }
      """;
  private static final String TRUST = """
      {"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"Service": "ecs-tasks.amazonaws.com", "AWS": ["arn:aws:iam::123456789012:root"]},
        "Action": ["sts:AssumeRole", "sts:TagSession"],
        "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:ecs:eu-west-2:123456789012:*"}}}}
      """;
  private static final String SYNTAX = "{}[]\":,\\ \n*-0123456789AllowDenyStatementActionResourcePrincipalNot";
  private static final Pattern POSITIONED = positionOf("fuzz.json");
  private static final Path FILE = tempFile();

  @Property
  void plannedIdentityPolicyFromMutations(@ForAll("mutatedIdentity") byte[] input) {
    onlyBadInput(input, POSITIONED, b -> validateAndNormalise(b, IamPolicyGrammar.Kind.IDENTITY));
  }

  @Property
  void plannedTrustPolicyFromMutations(@ForAll("mutatedTrust") byte[] input) {
    onlyBadInput(input, POSITIONED, b -> validateAndNormalise(b, IamPolicyGrammar.Kind.TRUST));
  }

  @Property
  void plannedPolicyFromJsonishText(@ForAll("jsonish") String input) {
    onlyBadInput(input.getBytes(StandardCharsets.UTF_8), POSITIONED, b -> validateAndNormalise(b, IamPolicyGrammar.Kind.IDENTITY));
  }

  @Property
  void normaliserFromAnyJson(@ForAll("mutatedIdentity") byte[] input) {
    JsonNode doc;
    try {
      doc = Mappers.json().readTree(input);
    } catch (IOException notJson) {
      return;
    }
    try {
      PolicyStatement.parse("fuzz", false, doc);
    } catch (IllegalArgumentException malformed) {
      assertThat(malformed.getMessage()).isNotBlank();
    }
  }

  @Property
  void stringOrListFormsAreBothAcceptedAndEqual(@ForAll("statements") List<Statement> statements) {
    List<PolicyStatement> asLists = accepted(render(statements, false));
    List<PolicyStatement> asStrings = accepted(render(statements, true));
    assertThat(asStrings).isEqualTo(asLists);
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      PolicyStatement p = asLists.get(i);
      assertThat(p.actions()).isEqualTo(s.actions());
      assertThat(p.resources()).isEqualTo(s.resources());
      assertThat(p.allow()).isEqualTo(s.allow());
    }
  }

  @Property
  void principalAsStringOrListIsAcceptedAndEqual(@ForAll("principals") Map<String, List<String>> principals) {
    List<PolicyStatement> asLists = acceptedTrust(principals, false);
    List<PolicyStatement> asStrings = acceptedTrust(principals, true);
    assertThat(asStrings).isEqualTo(asLists);
    assertThat(asLists.get(0).principals()).isEqualTo(principals);
  }

  private static List<PolicyStatement> acceptedTrust(Map<String, List<String>> principals, boolean singleAsString) {
    ObjectNode root = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17");
    ObjectNode st = root.putObject("Statement").put("Effect", "Allow");
    ObjectNode p = st.putObject("Principal");
    principals.forEach((type, values) -> p.set(type, values(values, singleAsString)));
    st.set("Action", values(List.of("sts:AssumeRole"), singleAsString));
    PositionedJson doc;
    try {
      doc = read(Mappers.json().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IamPolicyGrammar.validate(doc, IamPolicyGrammar.Kind.TRUST);
    return PolicyStatement.parse("generated trust", false, doc.root());
  }

  private static void validateAndNormalise(byte[] bytes, IamPolicyGrammar.Kind kind) {
    PositionedJson doc = read(bytes);
    IamPolicyGrammar.validate(doc, kind);
    List<PolicyStatement> statements = PolicyStatement.parse("fuzz", false, doc.root());
    assertThat(statements).isNotEmpty().allSatisfy(s -> {
      assertThat(s.actions().isEmpty()).as("Action xor NotAction").isNotEqualTo(s.notActions().isEmpty());
      if (kind == IamPolicyGrammar.Kind.IDENTITY) {
        assertThat(s.resources().isEmpty()).as("Resource xor NotResource").isNotEqualTo(s.notResources().isEmpty());
      } else {
        assertThat(s.principals().isEmpty()).as("Principal xor NotPrincipal").isNotEqualTo(s.notPrincipals().isEmpty());
      }
    });
  }

  private static List<PolicyStatement> accepted(byte[] policy) {
    PositionedJson doc = read(policy);
    IamPolicyGrammar.validate(doc, IamPolicyGrammar.Kind.IDENTITY);
    return PolicyStatement.parse("generated", false, doc.root());
  }

  private static PositionedJson read(byte[] bytes) {
    try {
      Files.write(FILE, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return PositionedJson.read(FILE, "fuzz.json");
  }

  record Statement(boolean allow, List<String> actions, List<String> resources) {}

  /** Renders the statements; with {@code singleAsString}, one-element lists are written as plain strings. */
  private static byte[] render(List<Statement> statements, boolean singleAsString) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode().put("Version", "2012-10-17");
    ArrayNode st = root.putArray("Statement");
    for (Statement s : statements) {
      ObjectNode o = st.addObject().put("Effect", s.allow() ? "Allow" : "Deny");
      o.set("Action", values(s.actions(), singleAsString));
      o.set("Resource", values(s.resources(), singleAsString));
    }
    try {
      return Mappers.json().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode values(List<String> values, boolean singleAsString) {
    if (singleAsString && values.size() == 1) return JsonNodeFactory.instance.textNode(values.get(0));
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    values.forEach(a::add);
    return a;
  }

  @Provide
  Arbitrary<List<Statement>> statements() {
    Arbitrary<String> action = Arbitraries.of("s3:GetObject", "ecs:RunTask", "iam:PassRole", "*", "secretsmanager:Get*", "sts:AssumeRole");
    Arbitrary<String> resource = Arbitraries.of("*", "arn:aws:s3:::bucket/*", "arn:aws:iam::123456789012:role/ci",
        "arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:*");
    return Combinators.combine(Arbitraries.of(true, false), action.list().ofMinSize(1).ofMaxSize(3),
            resource.list().ofMinSize(1).ofMaxSize(3))
        .as(Statement::new).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> principals() {
    Arbitrary<List<String>> values = Arbitraries.of("ecs-tasks.amazonaws.com", "arn:aws:iam::123456789012:root",
        "arn:aws:iam::123456789012:role/gitlab-runner", "*", "cognito-identity.amazonaws.com").list().ofMinSize(1).ofMaxSize(3);
    return Arbitraries.maps(Arbitraries.of("AWS", "Service", "Federated", "CanonicalUser"), values).ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<byte[]> mutatedIdentity() {
    return mutations(IDENTITY, SYNTAX);
  }

  @Provide
  Arbitrary<byte[]> mutatedTrust() {
    return mutations(TRUST, SYNTAX);
  }

  @Provide
  Arbitrary<String> jsonish() {
    return text(SYNTAX + "truefalsnul.eE+", 400);
  }

  private static Path tempFile() {
    try {
      Path f = Files.createTempFile("policy-fuzz", ".json");
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
