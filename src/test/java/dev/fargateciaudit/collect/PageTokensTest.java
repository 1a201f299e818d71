package dev.fargateciaudit.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Every paginator the collectors walk (found in their sources, so a new one is covered) has its
 * next-page token found by {@link PageTokens}: without it, {@link Scan#pages} could not see an
 * endpoint repeating its token, and would ask for the same pages for ever.
 */
class PageTokensTest {
  private static final Map<String, String> MODELS = Map.of(
      "ec2", "software.amazon.awssdk.services.ec2.model.",
      "ecs", "software.amazon.awssdk.services.ecs.model.",
      "efs", "software.amazon.awssdk.services.efs.model.",
      "iam", "software.amazon.awssdk.services.iam.model.");

  @Test
  void theTokenOfEveryPaginatedResponseIsFound() throws Exception {
    Map<String, String> responses = new TreeMap<>();
    Pattern call = Pattern.compile("\\b(ec2|ecs|efs|iam)\\.(\\w+)Paginator\\(");
    try (Stream<Path> sources = Files.list(Path.of("src/main/java/dev/fargateciaudit/collect"))) {
      for (Path source : sources.toList()) {
        Matcher m = call.matcher(Files.readString(source));
        while (m.find()) {
          String op = m.group(2);
          responses.put(m.group(1) + ":" + op, MODELS.get(m.group(1)) + Character.toUpperCase(op.charAt(0)) + op.substring(1) + "Response");
        }
      }
    }
    assertThat(responses).hasSizeGreaterThanOrEqualTo(18);
    responses.forEach((op, type) -> {
      try {
        Object builder = Class.forName(type).getMethod("builder").invoke(null);
        boolean set = false;
        for (SdkField<?> f : ((SdkPojo) builder).sdkFields()) {
          if (f.memberName().toLowerCase().matches("nexttoken|marker|nextmarker")) {
            f.set(builder, "token-of-" + op);
            set = true;
          }
        }
        assertThat(set).as("%s has a next-page token field", op).isTrue();
        Object page = ((software.amazon.awssdk.utils.builder.SdkBuilder<?, ?>) builder).build();
        assertThat(PageTokens.next(page)).as(op).isEqualTo("token-of-" + op);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(op, e);
      }
    });
  }
}
