package dev.fargateciaudit.planned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.config.RunnerConfigReader;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's TOML files: the Fargate driver's {@code fargate.toml} (a {@code [Fargate]} table) and
 * GitLab Runner's {@code config.toml} (a {@code [[runners]]} list), which is read only to find the
 * driver's {@code --config} file among the {@code [runners.custom]} {@code *_args}.
 */
final class RunnerConfigFiles {
  static final List<String> ARG_KEYS = List.of("config_args", "prepare_args", "run_args", "cleanup_args");

  enum Kind { DRIVER, RUNNER, OTHER }

  private RunnerConfigFiles() {}

  static JsonNode parse(Path file, String display) {
    return RunnerConfigReader.parseToml(display, InputFiles.read(file, display, InputKind.RUNNER_CONFIG));
  }

  static Kind kind(JsonNode toml) {
    if (toml.has("Fargate")) return Kind.DRIVER;
    if (toml.has("runners")) return Kind.RUNNER;
    return Kind.OTHER;
  }

  static RunnerConfig driver(Path file, String display) {
    RunnerConfig c = RunnerConfigReader.read(file, "planned");
    return new RunnerConfig(c.cluster(), c.region(), c.subnet(), c.securityGroup(), c.taskDefinition(),
        c.enablePublicIp(), c.usePublicIp(), c.platformVersion(), c.sshPort(), c.sshUsername(),
        Source.planned(display, "Fargate"));
  }

  /**
   * The driver config files a GitLab Runner {@code config.toml} names with {@code --config PATH} or
   * {@code --config=PATH}, keyed by path, each with the TOML key that names it.
   */
  static Map<String, String> driverConfigPaths(JsonNode toml, String display) {
    JsonNode runners = toml.get("runners");
    if (!runners.isArray()) throw new BadInputException(display, 0, 0, "runners must be an array of tables ([[runners]])");
    Map<String, String> paths = new LinkedHashMap<>();
    for (int i = 0; i < runners.size(); i++) {
      JsonNode custom = runners.get(i).path("custom");
      for (String key : ARG_KEYS) {
        JsonNode args = custom.get(key);
        if (args == null) continue;
        String where = "runners[" + i + "].custom." + key;
        if (!args.isArray()) throw new BadInputException(display, 0, 0, where + " must be an array of strings");
        List<String> list = new ArrayList<>();
        for (JsonNode a : args) list.add(a.asText());
        for (int j = 0; j < list.size(); j++) {
          String a = list.get(j);
          String path = null;
          if ((a.equals("--config") || a.equals("-c")) && j + 1 < list.size()) path = list.get(j + 1);
          else if (a.startsWith("--config=")) path = a.substring("--config=".length());
          if (path != null) paths.putIfAbsent(path, where);
        }
      }
    }
    return paths;
  }
}
