package dev.fargateciaudit.findings;

/** The outcome of one rule on one subject. */
public enum Status {
  PASS,
  FAIL,
  /** Could not be evaluated: missing or unreadable data. Never silently a PASS, never waived. */
  ERROR,
  /** Failing, but covered by an unexpired waiver. Stays visible in every report. */
  WAIVED,
  /** The rule had no subject in this estate. */
  NOT_APPLICABLE
}
