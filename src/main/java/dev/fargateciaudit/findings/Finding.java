package dev.fargateciaudit.findings;

import dev.fargateciaudit.inventory.Source;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one result type: a rule's outcome on one resource.
 *
 * @param evidence facts that support the outcome, already redacted (no secret values)
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
  }

  public Finding withStatus(Status s, AppliedWaiver w) {
    return new Finding(ruleId, title, area, severity, s, resource, message, evidence, remediation, w, source, isNew);
  }

  public Finding markNew(boolean n) {
    return new Finding(ruleId, title, area, severity, status, resource, message, evidence, remediation, waiver, source, n);
  }

  /** Stable identity across runs: what drift and baselines compare. */
  public String key() {
    String acct = resource == null || resource.account() == null ? "" : resource.account();
    String region = resource == null || resource.region() == null ? "" : resource.region();
    String id = resource == null || resource.id() == null ? "" : resource.id();
    return ruleId + "|" + acct + "|" + region + "|" + id;
  }
}
