package dev.fargateciaudit.planned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFolder;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Overlays the files of a planned change on an inventory, so the gate judges it in context.
 *
 * <p>Every file under the directory (recursively, in name order) is one of: {@code iam.yml} (with
 * the policy JSON files it names), an ECS task definition JSON ({@code register-task-definition}
 * input), an ECS service JSON ({@code create-service} / {@code update-service} input), the driver's
 * {@code fargate.toml}, or GitLab Runner's {@code config.toml}. Other JSON or TOML is bad input;
 * files of other types (READMEs) are ignored. Records made from planned files carry
 * {@code Source.planned(file, pointer)}. The given inventory is not changed. See {@code docs/planned.md}.
 */
public final class PlannedOverlay {
  private PlannedOverlay() {}

  /**
   * @return a new inventory with the planned records added or replacing the ones they change
   * @throws BadInputException for anything unreadable or not of the documented shapes
   */
  public static Inventory apply(Inventory inventory, Path plannedDir) {
    InputFolder folder = InputFolder.of(plannedDir, "--planned DIR");
    List<Path> files = folder.files();
    PlannedContext ctx = new PlannedContext(inventory);
    InventoryBuilder b = ctx.inventory;

    Set<Path> consumed = new HashSet<>();
    List<PositionedJson> taskDefinitions = new ArrayList<>();
    List<PositionedJson> services = new ArrayList<>();
    List<Path> driverConfigs = new ArrayList<>();
    List<Path> runnerConfigs = new ArrayList<>();

    for (Path f : files) {
      if (IamManifest.isManifest(f)) consumed.addAll(IamManifest.apply(f, f.toString(), folder, ctx));
    }
    for (Path f : files) {
      if (consumed.contains(InputFolder.identity(f))) continue;
      String ext = extension(f);
      if (ext.equals("json")) {
        PositionedJson doc = PositionedJson.read(f, f.toString());
        JsonNode root = doc.root();
        if (root.has("Statement")) throw IamManifest.unreferenced(f.toString());
        if (ServiceFile.looksLike(root)) services.add(doc);
        else if (TaskDefinitionFile.looksLike(root)) taskDefinitions.add(doc);
        else throw doc.error("", "cannot tell what this file plans (expected register-task-definition input with family and "
            + "containerDefinitions, create-service/update-service input with serviceName/service, or a policy listed in iam.yml)");
      } else if (ext.equals("toml")) {
        switch (RunnerConfigFiles.kind(RunnerConfigFiles.parse(f, f.toString()))) {
          case DRIVER -> driverConfigs.add(f);
          case RUNNER -> runnerConfigs.add(f);
          default -> throw new BadInputException(f.toString(), 1, 1,
              "neither a Fargate driver config ([Fargate] table) nor a GitLab Runner config ([[runners]]) (expected one of them)");
        }
      }
    }

    if (consumed.isEmpty() && taskDefinitions.isEmpty() && services.isEmpty() && driverConfigs.isEmpty() && runnerConfigs.isEmpty()) {
      throw new BadInputException(plannedDir.toString(), 0, 0, "no planned file in this directory (expected a task definition "
          + "or service JSON, a fargate.toml or config.toml, or an iam.yml with its policies)");
    }
    resolveRunnerConfig(folder, driverConfigs, runnerConfigs, b);
    for (PositionedJson td : taskDefinitions) b.add(TaskDefinitionFile.read(td, ctx));
    for (PositionedJson s : services) ServiceFile.apply(s, ctx);
    return b.build();
  }

  /** The one driver config the change plans: given directly, or named by a planned config.toml. */
  private static void resolveRunnerConfig(InputFolder folder, List<Path> driverConfigs, List<Path> runnerConfigs, InventoryBuilder b) {
    Path dir = folder.path();
    Map<Path, Path> chosen = new LinkedHashMap<>();
    for (Path f : driverConfigs) chosen.putIfAbsent(InputFolder.identity(f), f);
    for (Path rc : runnerConfigs) {
      Map<String, String> named = RunnerConfigFiles.driverConfigPaths(RunnerConfigFiles.parse(rc, rc.toString()), rc.toString());
      if (named.isEmpty()) {
        throw new BadInputException(rc.toString(), 0, 0,
            "no [runners.custom] *_args name the Fargate driver's --config file (expected e.g. config_args = [\"--config\", \"/etc/gitlab-runner/fargate.toml\", \"custom\", \"config\"])");
      }
      for (Map.Entry<String, String> e : named.entrySet()) {
        Path p = locate(folder, rc, e.getKey());
        if (p == null) {
          throw new BadInputException(rc.toString(), 0, 0, e.getValue() + " names --config " + e.getKey()
              + ", which is not in the planned directory (expected the driver config beside config.toml, or"
              + " a file of its name in " + dir + ")");
        }
        chosen.putIfAbsent(InputFolder.identity(p), p);
      }
    }
    if (chosen.size() > 1) {
      throw new BadInputException(dir.toString(), 0, 0, "the change plans " + chosen.size() + " Fargate driver configs "
          + chosen.values() + " (expected one per planned directory: audit each runner's change separately)");
    }
    for (Path p : chosen.values()) b.runnerConfig = RunnerConfigFiles.driver(p, p.toString());
  }

  /**
   * A --config path, looked for in the planned directory: relative to config.toml, else by its file
   * name in the directory (so {@code /etc/gitlab-runner/fargate.toml} is the planned
   * {@code fargate.toml}). Never outside the directory: a planned change names no file of the machine
   * that judges it.
   */
  private static Path locate(InputFolder folder, Path runnerConfig, String path) {
    Path given = Path.of(path);
    List<Path> candidates = new ArrayList<>();
    if (!given.isAbsolute()) candidates.add(runnerConfig.getParent().resolve(given).normalize());
    if (given.getFileName() != null) candidates.add(folder.path().resolve(given.getFileName()));
    for (Path c : candidates) if (Files.exists(c) && folder.contains(c)) return c;
    return null;
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
