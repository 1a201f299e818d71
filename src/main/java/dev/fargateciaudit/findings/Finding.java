package dev.fargateciaudit.findings;

import dev.fargateciaudit.inventory.Source;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one result type: a rule's outcome on one resource.
 *
 * @param message what the outcome means for the resource; a PASS finding's default message,
 *     {@code <resource name>: <rule title>}, is derived when read rather than stored (most findings
 *     are passes, and the strings would be most of their memory), so {@code null} passed for a
 *     PASS means the default, and a stored default is dropped, which keeps equality independent of
 *     where the finding came from
 * @param evidence facts that support the outcome, already redacted (no secret values)
 * @param remediation what to do about it; {@code null} for PASS and NOT_APPLICABLE, where there is
 *     nothing to do (the rule's remediation stays in {@link RuleInfo}), rather than repeated on every
 *     pass in findings.json
 * @param source set when the subject came from a planned file
 * @param isNew true when a baseline was given and this failure is absent from it
 */
public record Finding(
    String ruleId,
    String title,
    String area,
    Severity severity,
    Status status,
    ResourceRef resource,
    String message,
    Map<String, String> evidence,
    String remediation,
    AppliedWaiver waiver,
    Source source,
    boolean isNew) {

  public Finding {
    evidence = evidence == null || evidence.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(evidence));
    if (message != null && status == Status.PASS && resource != null && message.equals(defaultPassMessage(resource, title))) {
      message = null;
    }
    if (status == Status.PASS || status == Status.NOT_APPLICABLE) remediation = null;
  }

  /** A PASS finding on {@code resource} with the default message (derived by {@link #message()}). */
  public static Finding pass(String ruleId, String title, String area, Severity severity, ResourceRef resource,
      Source source) {
    return new Finding(ruleId, title, area, severity, Status.PASS, resource, null, Map.of(), null, null, source, false);
  }

  @Override
  public String message() {
    return message == null && status == Status.PASS && resource != null ? defaultPassMessage(resource, title) : message;
  }

  /** True when {@link #message()} is the default one of a pass, derived from the resource's name and the title. */
  public boolean hasDefaultMessage() {
    return message == null && status == Status.PASS && resource != null;
  }

  /** Appends {@link #message()} to {@code to}, without making a string of a default one. */
  public StringBuilder appendMessage(StringBuilder to) {
    return hasDefaultMessage() ? appendDefaultPassMessage(to, resource, title) : to.append(message);
  }

  private static String defaultPassMessage(ResourceRef resource, String title) {
    return appendDefaultPassMessage(new StringBuilder(), resource, title).toString();
  }

  private static StringBuilder appendDefaultPassMessage(StringBuilder to, ResourceRef resource, String title) {
    return to.append(resource.name()).append(": ").append(title);
  }

  public Finding withStatus(Status s, AppliedWaiver w) {
    // Another status has no default message: keep the one this finding shows.
    return new Finding(ruleId, title, area, severity, s, resource, message(), evidence, remediation, w, source, isNew);
  }

  public Finding markNew(boolean n) {
    return new Finding(ruleId, title, area, severity, status, resource, message, evidence, remediation, waiver, source, n);
  }

  /** Stable identity across runs: what drift, baselines and merges compare (see {@link FindingKey}). */
  public String key() {
    return FindingKey.of(ruleId, resource);
  }
}
