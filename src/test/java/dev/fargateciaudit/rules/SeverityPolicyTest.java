package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The severity policy of docs/rules.md is applied to every built-in rule: its table classifies each
 * rule once, a rule's severity is one its class allows, and a rule nobody classified (a new one)
 * fails here until it is.
 */
class SeverityPolicyTest {
  /** A classification row: {@code | FCA-X-NNN | class | severity | why |}. */
  static final Pattern ROW = Pattern.compile("^\\| (FCA-[A-Z]+-\\d{3}) \\| ([a-z]+) \\| ([a-z]+) \\| .+ \\|$");

  /** The classes of the policy and the severities each allows. */
  static final Map<String, Set<String>> ALLOWED = Map.of(
      "exploitable", Set.of("critical", "high"),
      "breaks", Set.of("high"),
      "weakens", Set.of("medium"),
      "advice", Set.of("low", "info"));

  @Test
  void everyRuleIsClassifiedOnceAndItsSeverityIsOneItsClassAllows() throws Exception {
    Map<String, String> severity = new TreeMap<>();
    try (Stream<Path> rules = Files.walk(Path.of("rules"))) {
      for (Path r : rules.filter(p -> p.toString().endsWith(".yml")).toList()) {
        JsonNode rule = Mappers.yaml().readTree(Files.readAllBytes(r));
        severity.put(rule.path("id").asText(), rule.path("severity").asText());
      }
    }
    Map<String, String[]> table = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("docs/rules.md"))) {
      Matcher m = ROW.matcher(line);
      if (!m.matches()) continue;
      if (table.put(m.group(1), new String[] {m.group(2), m.group(3)}) != null) problems.add(m.group(1) + " is classified twice");
    }
    severity.forEach((id, sev) -> {
      String[] row = table.get(id);
      if (row == null) {
        problems.add(id + " (" + sev + ") is not classified in docs/rules.md's severity policy");
        return;
      }
      if (!ALLOWED.containsKey(row[0])) problems.add(id + ": unknown class " + row[0]);
      else if (!ALLOWED.get(row[0]).contains(sev)) problems.add(id + " is " + sev + ", which class " + row[0] + " does not allow");
      if (!row[1].equals(sev)) problems.add(id + " is " + sev + " but the policy table says " + row[1]);
    });
    table.keySet().stream().filter(id -> !severity.containsKey(id)).forEach(id -> problems.add(id + " is classified but no such rule exists"));
    assertThat(table).as("rows of the policy table").hasSizeGreaterThanOrEqualTo(severity.size());
    assertThat(problems).isEmpty();
  }
}
