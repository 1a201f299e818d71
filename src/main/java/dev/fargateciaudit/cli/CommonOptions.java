package dev.fargateciaudit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options commands share, as picocli mixins, so each is declared and described once: a command
 * takes the ones that apply to it. {@code --out} is not among them: it names a folder with a
 * default for {@code audit}, a required folder for {@code merge} and a file for {@code collect}.
 */
final class CommonOptions {
  private CommonOptions() {}

  /** {@code --debug}: every command (read by {@link Main} when a command fails). */
  static final class Debug {
    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;
  }

  /** {@code --config}: the commands that read an audit.yml. */
  static final class Config {
    @Option(names = "--config", paramLabel = "FILE", description = "audit.yml (every key optional).")
    Path file;
  }
}
