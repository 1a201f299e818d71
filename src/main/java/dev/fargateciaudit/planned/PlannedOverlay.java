package dev.fargateciaudit.planned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
    if (!Files.isDirectory(plannedDir)) {
      throw new BadInputException(plannedDir.toString(), 0, 0, "not a directory (expected --planned DIR)");
    }
    List<Path> files = list(plannedDir);
    PlannedContext ctx = new PlannedContext(inventory);
    InventoryBuilder b = ctx.inventory;

    Set<Path> consumed = new HashSet<>();
    List<PositionedJson> taskDefinitions = new ArrayList<>();
    List<PositionedJson> services = new ArrayList<>();
    List<Path> driverConfigs = new ArrayList<>();
    List<Path> runnerConfigs = new ArrayList<>();

    for (Path f : files) {
      if (IamManifest.isManifest(f)) consumed.addAll(IamManifest.apply(f, f.toString(), ctx));
    }
    for (Path f : files) {
      if (consumed.contains(f.toAbsolutePath().normalize())) continue;
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
    resolveRunnerConfig(plannedDir, driverConfigs, runnerConfigs, b);
    for (PositionedJson td : taskDefinitions) b.add(TaskDefinitionFile.read(td, ctx));
    for (PositionedJson s : services) ServiceFile.apply(s, ctx);
    return b.build();
  }

  /** The one driver config the change plans: given directly, or named by a planned config.toml. */
  private static void resolveRunnerConfig(Path dir, List<Path> driverConfigs, List<Path> runnerConfigs, InventoryBuilder b) {
    Set<Path> chosen = new LinkedHashSet<>();
    for (Path f : driverConfigs) chosen.add(f.toAbsolutePath().normalize());
    for (Path rc : runnerConfigs) {
      Map<String, String> named = RunnerConfigFiles.driverConfigPaths(RunnerConfigFiles.parse(rc, rc.toString()), rc.toString());
      if (named.isEmpty()) {
        throw new BadInputException(rc.toString(), 0, 0,
            "no [runners.custom] *_args name the Fargate driver's --config file (expected e.g. config_args = [\"--config\", \"/etc/gitlab-runner/fargate.toml\", \"custom\", \"config\"])");
      }
      for (Map.Entry<String, String> e : named.entrySet()) {
        Path p = locate(dir, rc, e.getKey());
        if (p == null) {
          throw new BadInputException(rc.toString(), 0, 0, e.getValue() + " names --config " + e.getKey()
              + ", which is neither an existing file nor in the planned directory (expected the driver config next to config.toml)");
        }
        chosen.add(p);
      }
    }
    if (chosen.size() > 1) {
      throw new BadInputException(dir.toString(), 0, 0, "the change plans " + chosen.size() + " Fargate driver configs " + chosen
          + " (expected one per planned directory: audit each runner's change separately)");
    }
    Path dirAbs = dir.toAbsolutePath().normalize();
    for (Path p : chosen) {
      Path shown = p.startsWith(dirAbs) ? dir.resolve(dirAbs.relativize(p)) : p;
      b.runnerConfig = RunnerConfigFiles.driver(p, shown.toString());
    }
  }

  /** A --config path: in the planned directory by relative path or by file name, else as given. */
  private static Path locate(Path dir, Path runnerConfig, String path) {
    Path given = Path.of(path);
    List<Path> candidates = new ArrayList<>();
    if (!given.isAbsolute()) candidates.add(runnerConfig.toAbsolutePath().getParent().resolve(given));
    if (given.getFileName() != null) candidates.add(dir.resolve(given.getFileName()));
    candidates.add(given);
    for (Path c : candidates) if (Files.isRegularFile(c)) return c.toAbsolutePath().normalize();
    return null;
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new BadInputException(dir.toString(), 0, 0, "cannot list: " + e.getMessage());
    }
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
