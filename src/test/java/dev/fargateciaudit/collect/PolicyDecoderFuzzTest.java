package dev.fargateciaudit.collect;

import static dev.fargateciaudit.input.Fuzz.mutations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.input.Fuzz;
import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Inventory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the decoding of policy documents as AWS returns them (URL-encoded by IAM, raw JSON by
 * other services): whatever the text, the collector gets a JSON document, or null and one
 * {@code MalformedPolicyDocument} collection error (so the rules needing it are ERROR); never an
 * exception, which would end the whole scan.
 * Longer: {@code ./mvnw -B -o test -Dtest=PolicyDecoderFuzzTest -Djqwik.tries.default=20000}.
 */
class PolicyDecoderFuzzTest {
  private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":[\"ecs:RunTask\",\"iam:PassRole\"],\"Resource\":\"arn:aws:ecs:eu-west-2:123456789012:*\","
      + "\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-2\"}}}]}";

  @Property
  void urlEncodedDocumentFromMutations(@ForAll("mutatedEncoded") byte[] input) {
    decodesOrRecordsOneError(new String(input, StandardCharsets.UTF_8));
  }

  @Property
  void rawDocumentFromMutations(@ForAll("mutatedRaw") byte[] input) {
    decodesOrRecordsOneError(new String(input, StandardCharsets.UTF_8));
  }

  @Test
  void badPercentEscapeIsACollectionErrorNotACrash() {
    Scan scan = scan();
    assertThat(PolicyDecoder.parse(scan, "iam", "GetRolePolicy", "aws-global", "ci/ReadSecrets", "%7B%zz")).isNull();
    List<CollectionError> errors = scan.read(b -> List.copyOf(b.list(CollectionError.class)));
    assertThat(errors).singleElement()
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo("MalformedPolicyDocument"));
  }

  private static void decodesOrRecordsOneError(String text) {
    Scan scan = scan();
    JsonNode doc = assertTimeoutPreemptively(Fuzz.BOUND,
        () -> PolicyDecoder.parse(scan, "iam", "GetRolePolicy", "aws-global", "role/policy", text));
    int errors = scan.read(b -> b.list(CollectionError.class).size());
    if (doc == null) {
      assertThat(errors).as("a document that could not be read is recorded").isEqualTo(text.isBlank() ? 0 : 1);
      Statistics.collect(text.isBlank() ? "blank" : "malformed");
    } else {
      assertThat(errors).isZero();
      Statistics.collect("parsed");
    }
  }

  private static Scan scan() {
    return new Scan(AuditConfig.DEFAULTS, LiveCollectionIT.options("eu-west-2"), List.of("eu-west-2"), null, null,
        new CallLimits(1), null, Inventory.builder(), "123456789012");
  }

  @Provide
  Arbitrary<byte[]> mutatedEncoded() {
    return mutations(URLEncoder.encode(POLICY, StandardCharsets.UTF_8).replace("+", "%20"), "%0123456789ABCDEFabcdef+{}\"");
  }

  @Provide
  Arbitrary<byte[]> mutatedRaw() {
    return mutations(POLICY, "{}[]\":,\\ %+0123456789");
  }
}
