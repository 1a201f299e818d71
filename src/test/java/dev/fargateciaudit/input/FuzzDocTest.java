package dev.fargateciaudit.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** docs/reliability.md's fuzzing table lists exactly the fuzz properties there are. */
class FuzzDocTest {
  static final List<String> FUZZ_TESTS = List.of(
      "dev.fargateciaudit.inventory.InputFuzzTest",
      "dev.fargateciaudit.rules.RuleLoaderFuzzTest",
      "dev.fargateciaudit.planned.PolicyFuzzTest",
      "dev.fargateciaudit.collect.PolicyDecoderFuzzTest");

  @Test
  void reliabilityDocListsEveryFuzzProperty() throws IOException, ClassNotFoundException {
    List<String> properties = new ArrayList<>();
    for (String name : FUZZ_TESTS) {
      Class<?> c = Class.forName(name);
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Property.class)) properties.add(c.getSimpleName() + "." + m.getName());
      }
    }
    String doc = Files.readString(Path.of("docs/reliability.md"));
    String section = doc.substring(doc.indexOf("\n## Fuzzing\n"));
    int next = section.indexOf("\n## ", 1);
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z]+\\.[A-Za-z]+)` \\|").matcher(next < 0 ? section : section.substring(0, next));
    while (m.find()) rows.add(m.group(1));
    assertThat(properties).hasSizeGreaterThanOrEqualTo(15);
    assertThat(rows).as("rows of the fuzzing table in docs/reliability.md").containsExactlyInAnyOrderElementsOf(properties);
  }
}
