package dev.fargateciaudit.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the GitLab Runner Fargate driver's {@code fargate.toml} ({@code [Fargate]} and {@code [SSH]}
 * tables). Keys the driver does not use for networking are ignored; a key of the wrong type is an
 * error, since a quoted {@code "false"} is exactly the kind of slip an audit must not pass over.
 */
public final class RunnerConfigReader {
  private RunnerConfigReader() {}

  public static RunnerConfig read(Path file, String sourceKind) {
    String name = file.toString();
    JsonNode root;
    try {
      root = Mappers.toml().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new BadInputException(name, 0, 0, "file not found");
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(name, e);
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + e.getMessage());
    }
    JsonNode fargate = root.path("Fargate");
    JsonNode ssh = root.path("SSH");
    if (fargate.isMissingNode()) {
      throw new BadInputException(name, 1, 1, "no [Fargate] table (expected the Fargate driver's config)");
    }
    return new RunnerConfig(
        text(name, fargate, "Fargate", "Cluster"),
        text(name, fargate, "Fargate", "Region"),
        text(name, fargate, "Fargate", "Subnet"),
        text(name, fargate, "Fargate", "SecurityGroup"),
        text(name, fargate, "Fargate", "TaskDefinition"),
        bool(name, fargate, "Fargate", "EnablePublicIP"),
        bool(name, fargate, "Fargate", "UsePublicIP"),
        text(name, fargate, "Fargate", "PlatformVersion"),
        integer(name, ssh, "SSH", "Port"),
        text(name, ssh, "SSH", "Username"),
        new Source(sourceKind, name, null));
  }

  /**
   * When the config names a runner config file, it is the truth about the runner: read it
   * (relative to the config file) and put it in the inventory in place of any collected one.
   */
  public static Inventory overlayConfigured(Inventory inventory, AuditConfig cfg, Path configFile) {
    String path = cfg.ci().runnerConfig();
    if (path == null || path.isBlank()) return inventory;
    Path p = Path.of(path);
    if (!p.isAbsolute() && configFile != null && configFile.toAbsolutePath().getParent() != null) {
      p = configFile.toAbsolutePath().getParent().resolve(p).normalize();
    }
    InventoryBuilder b = inventory.toBuilder();
    b.runnerConfig = read(p, "config");
    return b.build();
  }

  private static String text(String file, JsonNode table, String tableName, String key) {
    JsonNode n = table.get(key);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) throw wrongType(file, tableName, key, "a string");
    return n.asText();
  }

  private static Boolean bool(String file, JsonNode table, String tableName, String key) {
    JsonNode n = table.get(key);
    if (n == null || n.isNull()) return null;
    if (!n.isBoolean()) throw wrongType(file, tableName, key, "true or false");
    return n.asBoolean();
  }

  private static Integer integer(String file, JsonNode table, String tableName, String key) {
    JsonNode n = table.get(key);
    if (n == null || n.isNull()) return null;
    if (!n.canConvertToInt() || !n.isIntegralNumber()) throw wrongType(file, tableName, key, "an integer");
    return n.asInt();
  }

  private static BadInputException wrongType(String file, String table, String key, String expected) {
    // The TOML tree carries no positions; name the key so the user can find it.
    return new BadInputException(file, 0, 0, "[" + table + "] " + key + " has the wrong type (expected " + expected + ")");
  }
}
