package dev.fargateciaudit.rules;

import dev.fargateciaudit.derive.IamPatterns;
import dev.fargateciaudit.findings.AppliedWaiver;
import dev.fargateciaudit.findings.Finding;
import java.time.LocalDate;

/**
 * One accepted risk: rule {@code rule} on the resources it names until {@code expires} (inclusive).
 * A waiver names resources by {@code resource}, an exact id or ARN or a glob with {@code *} and
 * {@code ?} over them, or, said explicitly, by {@code name}, the same over resource names. Never
 * both: a name is whatever the account calls a resource (a Name tag), so a waiver written for an
 * id must not also waive a resource that took that id as its name.
 */
public record Waiver(String rule, String resource, String name, String reason, String approvedBy, LocalDate expires) {

  public boolean expiredOn(LocalDate today) {
    return expires.isBefore(today);
  }

  public boolean matches(Finding f) {
    if (!rule.equals(f.ruleId()) || f.resource() == null) return false;
    String value = resource != null ? f.resource().id() : f.resource().name();
    String pattern = resource != null ? resource : name;
    return value != null && (pattern.equals(value) || IamPatterns.glob(pattern, value));
  }

  public AppliedWaiver applied() {
    return new AppliedWaiver(rule, resource, name, reason, approvedBy, expires);
  }
}
