package dev.fargateciaudit.rules;

import dev.fargateciaudit.findings.RuleInfo;
import dev.fargateciaudit.findings.Severity;
import java.util.List;
import java.util.Map;

/**
 * A rule file ({@code rules/<area>/<ID>.yml}) bound as written. Validated against
 * {@code schema/rule.schema.json} before binding, so every field here is present and well-formed.
 *
 * @param where CEL filter: subjects for which it is false are not judged (optional)
 * @param check CEL, true means compliant
 * @param message template; {@code {{ expr }}} placeholders are CEL over {@code subject}
 * @param evidence name to CEL expression, rendered into a failing finding's evidence
 * @param sourceFrom CEL over a failing subject giving the planned part to blame: a map (or the first of a
 *     list of maps) with {@code plannedFile} and {@code plannedPointer}; default: the subject's own source
 * @param needs AWS services whose failed reads make this rule ERROR; null (absent) means the subject
 *     type's services, an empty list means none (the subject needs no AWS data)
 * @param file where the rule was loaded from (not part of the YAML)
 */
public record Rule(
    String id,
    String title,
    String area,
    Severity severity,
    String subject,
    List<String> needs,
    String where,
    String check,
    String message,
    Map<String, String> evidence,
    String sourceFrom,
    String rationale,
    String remediation,
    List<String> references,
    List<Fixture> tests,
    String file) {

  public Rule {
    needs = needs == null ? null : List.copyOf(needs);
    evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    references = references == null ? List.of() : List.copyOf(references);
    tests = tests == null ? List.of() : List.copyOf(tests);
  }

  /**
   * One inline test case: a subject and the outcome the rule must give it.
   *
   * @param expect {@code PASS}, {@code FAIL} or {@code SKIP} (the {@code where} filter excludes it)
   * @param message a fragment the rendered failure message must contain (optional)
   */
  public record Fixture(String name, String expect, String message, Map<String, Object> subject) {
    public Fixture {
      subject = subject == null ? Map.of() : subject;
    }
  }

  Rule withFile(String f) {
    return new Rule(id, title, area, severity, subject, needs, where, check, message, evidence, sourceFrom, rationale,
        remediation, references, tests, f);
  }

  public RuleInfo info() {
    return new RuleInfo(id, title, area, severity, subject, rationale, remediation, references, file);
  }
}
