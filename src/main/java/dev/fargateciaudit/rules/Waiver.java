package dev.fargateciaudit.rules;

import dev.fargateciaudit.derive.IamPatterns;
import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.Finding;
import java.time.LocalDate;

/**
 * One accepted risk: rule {@code rule} on resources matching {@code resource} (an exact id or ARN,
 * or a glob with {@code *} and {@code ?} over the id, ARN or name) until {@code expires} (inclusive).
 */
public record Waiver(String rule, String resource, String reason, String approvedBy, LocalDate expires) {

  public boolean expiredOn(LocalDate today) {
    return expires.isBefore(today);
  }

  public boolean matches(Finding f) {
    if (!rule.equals(f.ruleId()) || f.resource() == null) return false;
    String id = f.resource().id();
    String name = f.resource().name();
    return resource.equals(id) || resource.equals(name)
        || (id != null && IamPatterns.glob(resource, id)) || (name != null && IamPatterns.glob(resource, name));
  }

  public AppliedWaiver applied() {
    return new AppliedWaiver(rule, resource, reason, approvedBy, expires);
  }
}
