package dev.fargateciaudit.report;

import dev.fargateciaudit.findings.AuditReport;
import dev.fargateciaudit.output.AtomicFiles;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page rendered from {@code templates/report.ftlh} with
 * FreeMarker's HTML auto-escaping. No scripts; the page's Content-Security-Policy allows nothing
 * but its own stylesheet, identified by hash.
 */
public final class HtmlReporter implements Reporter {
  /**
   * FreeMarker and the stylesheet, made on first use: the registry names every reporter to check
   * {@code --format} before a live scan's first call, and FreeMarker's set-up is not needed by then.
   */
  private static final class Page {
    static final Configuration FREEMARKER = configure();
    static final String CSS = resource("/templates/report.css");
    static final String CSS_HASH = "sha256-" + sha256Base64(CSS);
  }

  @Override
  public String format() {
    return "html";
  }

  @Override
  public String fileName() {
    return "report.html";
  }

  /** Parses the template into FreeMarker's cache, so {@link #write} finds it ready. */
  @Override
  public void prepare() throws IOException {
    Page.FREEMARKER.getTemplate("report.ftlh");
  }

  @Override
  public AtomicFiles.Written write(AuditReport report, Path outDir) throws IOException {
    HtmlReportModel model = HtmlReportModel.of(report);
    Template template = Page.FREEMARKER.getTemplate("report.ftlh");
    return AtomicFiles.write(outDir.resolve(fileName()), out -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      try {
        template.process(Map.of("m", model, "css", Page.CSS, "cspStyleHash", Page.CSS_HASH), w);
      } catch (TemplateException e) {
        throw new IOException("report.ftlh failed: " + e.getMessageWithoutStackTop(), e);
      }
      w.flush();
    });
  }

  /** The CSP source expression of the inline stylesheet, e.g. {@code sha256-...}. */
  static String styleHash() {
    return Page.CSS_HASH;
  }

  private static Configuration configure() {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setObjectWrapper(new RecordObjectWrapper(Configuration.VERSION_2_3_34));
    cfg.setClassForTemplateLoading(HtmlReporter.class, "/templates");
    cfg.setDefaultEncoding("UTF-8");
    cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
    cfg.setRecognizeStandardFileExtensions(true);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setNumberFormat("computer");
    return cfg;
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReporter.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256Base64(String s) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
