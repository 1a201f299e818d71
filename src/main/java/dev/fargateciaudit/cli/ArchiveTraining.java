package dev.fargateciaudit.cli;

import dev.fargateciaudit.collect.ReplayedAws;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's training runs for its class archives (AppCDS, or the JDK 25 ahead-of-time cache),
 * one per path, so each archive holds the classes of its own path: {@code snapshot} audits the
 * bundled snapshot example; {@code live} audits a live estate against {@link ReplayedAws} serving a
 * recording shipped in the jar ({@code /training/live-audit.json}), so the AWS SDK's classes are
 * archived and training needs no account, network or emulator. Not a command:
 * {@code java -cp JAR dev.fargateciaudit.cli.ArchiveTraining snapshot|live WORK_DIR [EXAMPLE_DIR]}.
 */
public final class ArchiveTraining {
  static final String RECORDING = "/training/live-audit.json";

  private ArchiveTraining() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || !List.of("snapshot", "live").contains(args[0]) || args[0].equals("snapshot") && args.length < 3) {
      System.err.println("usage: ArchiveTraining snapshot|live WORK_DIR [EXAMPLE_DIR]");
      System.exit(2);
    }
    Path work = Path.of(args[1]);
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    boolean live = args[0].equals("live");
    Warmup.run(live, true);
    if (live) System.exit(live(work, quiet, quiet));
    Path example = Path.of(args[2]);
    System.exit(Main.run(new String[] {"audit", "--snapshot", example.resolve("inventory.json").toString(),
        "--config", example.resolve("audit.yml").toString(), "--out", work.resolve("snapshot").toString(), "--quiet"},
        quiet, quiet));
  }

  /**
   * Audits the recorded estate live against its replay, with its own endpoint, credentials and region
   * (system properties, which the SDK prefers to the environment and profiles; restored after).
   *
   * @return the audit's exit code
   */
  static int live(Path work, PrintWriter out, PrintWriter err) throws IOException {
    ReplayedAws.Recording recording;
    try (InputStream in = ArchiveTraining.class.getResourceAsStream(RECORDING)) {
      if (in == null) throw new IOException(RECORDING + " is missing from the jar");
      recording = Mappers.json().readValue(in, ReplayedAws.Recording.class);
    }
    Path dir = Files.createDirectories(work.resolve("live"));
    Files.writeString(dir.resolve("audit.yml"), recording.auditYml());
    Files.writeString(dir.resolve("fargate.toml"), recording.runnerToml());
    Map<String, String> saved = new HashMap<>();
    try (ReplayedAws aws = ReplayedAws.serve(recording)) {
      Map.of("aws.endpointUrl", aws.endpoint(), "aws.accessKeyId", "AKIATRAININGTRAINING", "aws.secretAccessKey", "training",
          "aws.region", "eu-west-2", "aws.disableEc2Metadata", "true").forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
      return Main.run(new String[] {"audit", "--live", "--config", dir.resolve("audit.yml").toString(),
          "--out", dir.resolve("reports").toString(), "--quiet", "--fail-on", "never"}, out, err);
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) System.clearProperty(k); else System.setProperty(k, v);
      });
    }
  }
}
