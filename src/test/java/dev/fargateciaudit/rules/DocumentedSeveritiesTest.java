package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Wherever the documentation gives a rule's severity, as {@code FCA-X-NNN (severity)}, it is the rule's own. */
class DocumentedSeveritiesTest {
  static final Pattern MENTION = Pattern.compile("`?(FCA-[A-Z]+-\\d{3})`? \\((critical|high|medium|low|info)\\)");

  @Test
  void everySeverityTheDocsGiveIsTheRules() throws Exception {
    Map<String, String> severity = new HashMap<>();
    try (Stream<Path> rules = Files.walk(Path.of("rules"))) {
      for (Path r : rules.filter(p -> p.toString().endsWith(".yml")).toList()) {
        JsonNode rule = Mappers.yaml().readTree(Files.readAllBytes(r));
        severity.put(rule.path("id").asText(), rule.path("severity").asText());
      }
    }
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("examples/README.md")));
    try (Stream<Path> d = Files.list(Path.of("docs"))) {
      d.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Path doc : docs) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = MENTION.matcher(lines.get(i));
        while (m.find()) {
          checked++;
          String actual = severity.get(m.group(1));
          if (!m.group(2).equals(actual)) wrong.add(doc + ":" + (i + 1) + ": " + m.group(1) + " is " + actual + ", not " + m.group(2));
        }
      }
    }
    assertThat(checked).as("severities mentioned in the docs").isPositive();
    assertThat(wrong).isEmpty();
  }
}
