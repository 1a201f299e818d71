package dev.fargateciaudit.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputFolder;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.IoErrors;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.Utf8;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import dev.fargateciaudit.inventory.RunnerConfig;
import dev.fargateciaudit.inventory.Source;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the GitLab Runner Fargate driver's {@code fargate.toml} ({@code [Fargate]} and {@code [SSH]}
 * tables). Keys the driver does not use for networking are ignored; a key of the wrong type is an
 * error, since a quoted {@code "false"} is exactly the kind of slip an audit must not pass over.
 * Keys are matched like the driver's Go TOML decoder does: exact name first, else ignoring case.
 */
public final class RunnerConfigReader {
  private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\s*\"?([^\\]\"]+)\"?\\s*\\]");

  private final String file;
  private final String text;

  private RunnerConfigReader(String file, String text) {
    this.file = file;
    this.text = text;
  }

  public static RunnerConfig read(Path file, String sourceKind) {
    return read(file.toString(), InputFiles.read(file, InputKind.RUNNER_CONFIG), sourceKind);
  }

  /** Parses {@code bytes} as the content of the runner config {@code name}. */
  public static RunnerConfig read(String name, byte[] bytes, String sourceKind) {
    String text = Utf8.decode(name, bytes);
    return new RunnerConfigReader(name, text).bind(parseToml(name, bytes), sourceKind);
  }

  /** An integer literal of 19 or more digits (underscores allowed between them): one that may not fit in 64 bits. */
  private static final Pattern LONG_INTEGER = Pattern.compile("(?<![\\w.\"'])[+-]?\\d(?:_?\\d){18,}");

  /**
   * Parses a runner config (the driver's {@code fargate.toml} or GitLab Runner's {@code config.toml}):
   * size, UTF-8 and syntax checked. The TOML parser reports an integer beyond 64 bits without a
   * position, so the first such literal in the text is where the error is reported.
   */
  public static JsonNode parseToml(String name, byte[] bytes) {
    Utf8.checkSize(name, bytes, InputKind.RUNNER_CONFIG);
    Utf8.check(name, bytes);
    try {
      return Mappers.toml().readTree(bytes);
    } catch (JacksonException e) {
      BadInputException bad = JacksonErrors.toBadInput(name, e);
      if (bad.line() == 0 && bad.getMessage().equals(JacksonErrors.INTEGER_OUT_OF_RANGE)) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          Matcher m = LONG_INTEGER.matcher(lines[i].replaceAll("#.*", ""));
          while (m.find()) {
            if (new BigInteger(m.group().replace("_", "")).bitLength() > 63) {
              throw new BadInputException(name, i + 1, m.start() + 1, bad.getMessage());
            }
          }
        }
      }
      throw bad;
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + IoErrors.describe(e));
    }
  }



  private RunnerConfig bind(JsonNode root, String sourceKind) {
    JsonNode fargate = table(root, "Fargate");
    if (fargate == null) {
      throw new BadInputException(file, 1, 1, "no [Fargate] table (expected the Fargate driver's config,"
          + " with Cluster, Subnet, SecurityGroup and TaskDefinition)");
    }
    JsonNode ssh = table(root, "SSH");
    return new RunnerConfig(
        text(fargate, "Fargate", "Cluster"),
        text(fargate, "Fargate", "Region"),
        text(fargate, "Fargate", "Subnet"),
        text(fargate, "Fargate", "SecurityGroup"),
        text(fargate, "Fargate", "TaskDefinition"),
        bool(fargate, "Fargate", "EnablePublicIP"),
        bool(fargate, "Fargate", "UsePublicIP"),
        text(fargate, "Fargate", "PlatformVersion"),
        ssh == null ? null : integer(ssh, "SSH", "Port"),
        ssh == null ? null : text(ssh, "SSH", "Username"),
        new Source(sourceKind, file, null));
  }

  /** True when {@link #overlayConfigured} lays a runner config file over the inventory. */
  private static boolean overlays(AuditConfig cfg) {
    String path = cfg.ci().runnerConfig();
    return path != null && !path.isBlank();
  }

  /**
   * When the config names a runner config file, it is the truth about the runner: read it
   * (relative to the config file) and put it in the inventory in place of any collected one. Its
   * source, and so the finding's resource id, is the path as the config names it (relative to the
   * config file), not where this checkout happens to be: two CI build directories audit the same file.
   */
  public static Inventory overlayConfigured(Inventory inventory, AuditConfig cfg, Path configFile) {
    return overlay(inventory, cfg, readConfigured(cfg, configFile));
  }

  /**
   * {@link #overlayConfigured} with the runner config already read ({@link #readConfigured} of the same
   * config; a live scan reads it for itself); null lays nothing.
   */
  public static Inventory overlay(Inventory inventory, AuditConfig cfg, RunnerConfig read) {
    if (read == null || !overlays(cfg)) return inventory;
    InventoryBuilder b = inventory.toBuilder();
    b.runnerConfig = read.withSource(new Source("config", Path.of(cfg.ci().runnerConfig()).normalize().toString(), null));
    return b.build();
  }

  /**
   * The runner config the audit config names, or null when it names none. A relative path is
   * relative to the config file and must stay inside its folder once links are followed (a config
   * in a repository names files of the repository); an absolute path is the operator's explicit
   * choice of a file on the machine ({@code /etc/gitlab-runner/fargate.toml} on the runner host).
   *
   * @throws BadInputException naming the config and the path when a relative path leads outside
   */
  public static RunnerConfig readConfigured(AuditConfig cfg, Path configFile) {
    if (!overlays(cfg)) return null;
    String path = cfg.ci().runnerConfig();
    Path p = Path.of(path);
    if (p.isAbsolute()) return read(p, "config");
    Path base = configFile == null ? Path.of("") : configFile.toAbsolutePath().getParent();
    Path file = base.resolve(p).normalize();
    InputFolder folder = InputFolder.of(base, "the config file's folder");
    if (!folder.contains(file)) {
      throw new BadInputException(configFile == null ? path : configFile.toString(), 0, 0, "ci.runnerConfig names " + path
          + ", which leads outside the config's folder " + base + " (expected a path inside it, relative to the config,"
          + " or an absolute path)");
    }
    return read(file, "config");
  }

  private JsonNode table(JsonNode root, String name) {
    JsonNode n = lookup(root, name);
    if (n == null) return null;
    if (!n.isObject()) throw wrongType(null, name, "a table [" + name + "]");
    return n;
  }

  /**
   * A string key; blank is unset, as for the driver, whose Go config struct cannot tell an empty
   * string from a missing key (a template rendered with an unset variable leaves
   * {@code TaskDefinition = ""}, and each job names its own with {@code FARGATE_TASK_DEFINITION}).
   */
  private String text(JsonNode table, String tableName, String key) {
    JsonNode n = lookup(table, key);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) throw wrongType(tableName, key, "a string, in quotes");
    return n.asText().isBlank() ? null : n.asText();
  }

  private Boolean bool(JsonNode table, String tableName, String key) {
    JsonNode n = lookup(table, key);
    if (n == null || n.isNull()) return null;
    if (!n.isBoolean()) {
      String hint = n.isTextual() ? "true or false without quotes" : "true or false";
      throw wrongType(tableName, key, hint);
    }
    return n.asBoolean();
  }

  private Integer integer(JsonNode table, String tableName, String key) {
    JsonNode n = lookup(table, key);
    if (n == null || n.isNull()) return null;
    if (!n.isIntegralNumber() || !n.canConvertToInt()) throw wrongType(tableName, key, "an integer");
    return n.asInt();
  }

  /** The driver's decoder matches a key exactly, else case-insensitively. */
  private static JsonNode lookup(JsonNode table, String key) {
    JsonNode exact = table.get(key);
    if (exact != null) return exact;
    for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
    }
    return null;
  }

  private BadInputException wrongType(String table, String key, String expected) {
    int[] pos = position(table, key);
    String name = table == null ? key : "[" + table + "] " + key;
    return new BadInputException(file, pos[0], pos[1], name + " has the wrong type (expected " + expected + ")");
  }

  /**
   * The TOML tree carries no positions, so the key's line is found in the text: the first line in
   * {@code table} (or a {@code [table]} header when {@code table} is null) that assigns {@code key}.
   */
  private int[] position(String table, String key) {
    Pattern assign = Pattern.compile("^(\\s*)\"?(" + Pattern.quote(key) + ")\"?\\s*=", Pattern.CASE_INSENSITIVE);
    String current = "";
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher header = TABLE.matcher(lines[i]);
      if (header.find()) {
        current = header.group(1).trim();
        continue;
      }
      Matcher m = assign.matcher(lines[i]);
      boolean inTable = table == null ? current.isEmpty() : current.toLowerCase(Locale.ROOT)
          .equals(table.toLowerCase(Locale.ROOT));
      if (inTable && m.find()) return new int[] {i + 1, m.start(2) + 1};
    }
    return new int[] {0, 0};
  }
}
