package dev.fargateciaudit.findings;

import java.time.LocalDate;

/** The waiver that turned a FAIL into WAIVED, as reports show it. */
public record AppliedWaiver(String ruleId, String resource, String reason, String approvedBy, LocalDate expires) {}
