package dev.fargateciaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.findings.FindingKey;
import dev.fargateciaudit.findings.FindingOrder;
import dev.fargateciaudit.findings.ResourceRef;
import dev.fargateciaudit.findings.Severity;
import dev.fargateciaudit.findings.Status;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code gl-code-quality-report.json} for GitLab's {@code artifacts:reports:codequality}: a JSON array
 * of issues with GitLab's documented fields ({@code description}, {@code check_name},
 * {@code fingerprint}, {@code severity}, {@code location.path}, {@code location.lines.begin}). GitLab's
 * merge request widget lists the issues the change introduces and resolves by comparing fingerprints
 * with the target branch's report, so:
 *
 * <ul>
 *   <li>one issue per failing {@link FindingKey} (the finding that speaks for the key: a planned
 *       revision that passes resolves its family's issue), {@code FAIL} only: a waived failure is
 *       accepted, an {@code ERROR} is the job's exit code 3, not a quality issue;
 *   <li>the fingerprint is the SHA-256 of the key, so it survives a new task-definition revision and
 *       a different build directory;
 *   <li>{@code location.path} is the file the finding came from (a planned file, the runner config),
 *       else the audit's config file, else {@code audit.yml}: findings about the account have no
 *       file, and GitLab requires a path.
 * </ul>
 */
public final class CodeQualityReporter implements Reporter {
  public static final String FORMAT = "codequality";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public String fileName() {
    return "gl-code-quality-report.json";
  }

  @Override
  public boolean byDefault() {
    return false;
  }

  @Override
  public AtomicFiles.Written write(AuditReport report, Path outDir) throws IOException {
    List<Finding> issues = FindingKey.representatives(report.findings()).values().stream()
        .filter(f -> f.status() == Status.FAIL)
        .sorted(FindingOrder.STANDARD)
        .toList();
    String config = report.meta() == null ? null : report.meta().inputs().config();
    return AtomicFiles.write(outDir.resolve(fileName()), raw -> {
      try (JsonGenerator g = Mappers.json().getFactory().createGenerator(raw)) {
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        for (Finding f : issues) {
          g.writeStartObject();
          g.writeStringField("description", description(f));
          g.writeStringField("check_name", f.ruleId());
          g.writeStringField("fingerprint", fingerprint(f));
          g.writeStringField("severity", severity(f.severity()));
          g.writeObjectFieldStart("location");
          g.writeStringField("path", path(f, config));
          g.writeObjectFieldStart("lines");
          g.writeNumberField("begin", 1);
          g.writeEndObject();
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
    });
  }

  /** {@code RULE-ID title: message (resource)}, in one line; the message is already redacted. */
  static String description(Finding f) {
    ResourceRef r = f.resource();
    String resource = r == null ? "" : " (" + (r.name() != null && !r.name().equals(r.id()) ? r.name() + ", " : "") + r.id() + ")";
    String message = f.message() == null ? f.title() : f.message();
    return UntrustedText.visible(f.ruleId() + " " + f.title() + ": " + message + resource).replaceAll("[\\r\\n]+", " ");
  }

  /**
   * The planned file as given; the runner config (named relative to the config file) beside the
   * config file; else the config file, else {@code audit.yml}.
   */
  static String path(Finding f, String config) {
    String file = f.source() == null ? null : f.source().file();
    if (file != null && "config".equals(f.source().kind()) && config != null && Path.of(config).getParent() != null) {
      return Path.of(config).getParent().resolve(file).normalize().toString();
    }
    if (file != null) return file;
    return config != null ? config : "audit.yml";
  }

  /** SHA-256 of {@link Finding#key()}, in hex. */
  public static String fingerprint(Finding f) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(f.key().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** GitLab's scale: info, minor, major, critical, blocker. */
  static String severity(Severity s) {
    return switch (s) {
      case CRITICAL -> "blocker";
      case HIGH -> "critical";
      case MEDIUM -> "major";
      case LOW -> "minor";
      case INFO -> "info";
    };
  }
}
