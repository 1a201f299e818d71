package dev.fargateciaudit.findings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads and writes {@code findings.json}. */
public final class FindingsJson {
  private FindingsJson() {}

  public static FindingsDocument toDocument(AuditReport report) {
    Map<String, Long> byStatus = count(report, f -> f.status().name(), false);
    Map<String, Long> bySeverity = count(report, f -> f.severity().label(), true);
    return new FindingsDocument(FindingsDocument.SCHEMA_VERSION, report.meta(), byStatus, bySeverity,
        report.rules(), report.findings(), report.collectionErrors(), report.waivers());
  }

  private static Map<String, Long> count(AuditReport r, Function<Finding, String> key, boolean failuresOnly) {
    return r.findings().stream()
        .filter(f -> !failuresOnly || f.status() == Status.FAIL)
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  /** Findings above which {@code findings.json} is written without indentation (a third smaller). */
  public static final int INDENTED_UP_TO = 10_000;

  /** Writes {@code findings.json}, the document of {@link #toDocument}, streaming it to the file. */
  public static void write(AuditReport report, Path file) throws IOException {
    ObjectWriter writer = report.findings().size() <= INDENTED_UP_TO
        ? Mappers.json().writer() : Mappers.json().writer().without(SerializationFeature.INDENT_OUTPUT);
    FindingsDocument document = toDocument(report);
    AtomicFiles.write(file, out -> writer.writeValue(out, document));
  }

  public static FindingsDocument read(Path file) {
    String name = file.toString();
    try {
      FindingsDocument doc = Mappers.json().readValue(InputFiles.readAllBytes(file), FindingsDocument.class);
      if (doc.schemaVersion() != FindingsDocument.SCHEMA_VERSION) {
        throw new BadInputException(name, 1, 1, "unsupported findings schemaVersion " + doc.schemaVersion());
      }
      return doc;
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(name, e);
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + e.getMessage());
    }
  }
}
