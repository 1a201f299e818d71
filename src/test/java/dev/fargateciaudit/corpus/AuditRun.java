package dev.fargateciaudit.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.cli.Main;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run of the CLI, in-process as {@code Main.run} (the SDK reaches moto through the system
 * properties {@code MotoServer} sets), and the findings it wrote.
 *
 * @param findings every finding of findings.json, empty when none was written
 */
record AuditRun(String command, int exit, String out, String err, List<Reported> findings) {
  static final Set<String> GATE = Set.of("high", "critical");

  /** One finding as findings.json states it. */
  record Reported(String rule, String resourceId, String resourceType, String status, String severity) {
    Expectation.Hit hit() {
      return Expectation.fail(rule, new Resource(resourceId, resourceType));
    }

    @Override
    public String toString() {
      return status + " " + severity + " " + rule + " on " + resourceId + " (" + resourceType + ")";
    }
  }

  /** Runs {@code args}; reads {@code findings.json} from the {@code --out} folder when the command wrote one. */
  static AuditRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    List<Reported> findings = new ArrayList<>();
    for (int i = 0; i < args.length - 1; i++) {
      if (!args[i].equals("--out")) continue;
      Path file = Path.of(args[i + 1]).resolve("findings.json");
      if (Files.isRegularFile(file)) findings = read(file);
    }
    return new AuditRun(String.join(" ", args), exit, out.toString(), err.toString(), List.copyOf(findings));
  }

  private static List<Reported> read(Path file) {
    try {
      JsonNode doc = Mappers.json().readTree(file.toFile());
      List<Reported> list = new ArrayList<>();
      for (JsonNode f : doc.path("findings")) {
        JsonNode r = f.path("resource");
        list.add(new Reported(f.path("ruleId").asText(), r.path("id").asText(), r.path("type").asText(),
            f.path("status").asText(), f.path("severity").asText()));
      }
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** FAIL findings at or above the default gate, as hits. */
  Set<Expectation.Hit> gateFails() {
    Set<Expectation.Hit> s = new TreeSet<>(Expectation.ORDER);
    findings.stream().filter(f -> f.status().equals("FAIL") && GATE.contains(f.severity())).forEach(f -> s.add(f.hit()));
    return s;
  }

  /** FAIL findings below the default gate, as hits. */
  Set<Expectation.Hit> belowGateFails() {
    Set<Expectation.Hit> s = new TreeSet<>(Expectation.ORDER);
    findings.stream().filter(f -> f.status().equals("FAIL") && !GATE.contains(f.severity())).forEach(f -> s.add(f.hit()));
    return s;
  }

  List<Reported> errors() {
    return findings.stream().filter(f -> f.status().equals("ERROR")).toList();
  }

  /** Every finding, whatever its status, in a stable order: what two runs on the same estate must agree on. */
  List<String> all() {
    return findings.stream().map(Reported::toString).sorted().toList();
  }

  /** True when this run reports exactly what {@code e} says a correct tool reports. */
  boolean meets(Expectation e) {
    return exit == e.exitCode() && errors().isEmpty() && gateFails().equals(e.gate())
        && (e.adviceExact() ? belowGateFails().equals(e.advice()) : belowGateFails().containsAll(e.advice()));
  }

  /** What differs from {@code e}, one item a line; empty when {@link #meets}. */
  String differences(Expectation e) {
    List<String> lines = new ArrayList<>();
    if (exit != e.exitCode()) lines.add("exit " + exit + ", expected " + e.exitCode());
    errors().forEach(f -> lines.add("unexpected " + f));
    Set<Expectation.Hit> gate = gateFails();
    e.gate().stream().filter(h -> !gate.contains(h)).forEach(h -> lines.add("missing at the gate: " + h));
    gate.stream().filter(h -> !e.gate().contains(h)).forEach(h -> lines.add("unexpected at the gate: " + h));
    Set<Expectation.Hit> below = belowGateFails();
    e.advice().stream().filter(h -> !below.contains(h)).forEach(h -> lines.add("missing below the gate: " + h));
    if (e.adviceExact()) below.stream().filter(h -> !e.advice().contains(h)).forEach(h -> lines.add("unexpected below the gate: " + h));
    return String.join("\n", lines);
  }

  /** Every FAIL and ERROR, one a line, for the log. */
  String failuresAndErrors() {
    return String.join("\n", findings.stream().filter(f -> !f.status().equals("PASS") && !f.status().equals("NOT_APPLICABLE"))
        .map(f -> "  " + f).sorted().toList());
  }
}
