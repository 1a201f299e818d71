package dev.fargateciaudit.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.LocatedTree;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.Utf8;
import java.nio.file.Path;

/**
 * Loads {@code audit.yml}; a missing {@code --config} means {@link AuditConfig#DEFAULTS}, and so does
 * an empty file. Unknown keys, wrong types and malformed values (regions, account ids, ARNs, IPs,
 * CIDRs, security group ids) are {@link BadInputException}s positioned at the offending key or value.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static AuditConfig load(Path file) {
    if (file == null) return AuditConfig.DEFAULTS;
    return read(file.toString(), InputFiles.read(file, InputKind.CONFIG));
  }

  /** Parses and validates {@code bytes} as the content of the config file {@code name}. */
  public static AuditConfig read(String name, byte[] bytes) {
    Utf8.checkSize(name, bytes, InputKind.CONFIG);
    Utf8.check(name, bytes);
    LocatedTree tree = LocatedTree.parse(Mappers.yaml(), name, bytes);
    JsonNode root = tree.root();
    if (root.isMissingNode() || root.isNull()) return AuditConfig.DEFAULTS;
    if (!root.isObject()) {
      throw tree.error(LocatedTree.nodePosition(root),
          "the config is not a mapping (expected keys such as regions:, ci:, network:)");
    }
    rejectEmptyEntries(tree, root, "");
    AuditConfig cfg;
    try {
      cfg = Mappers.yaml().treeToValue(root, AuditConfig.class);
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(tree, e);
    }
    ConfigValidator.validate(cfg, tree);
    return cfg;
  }

  /** A {@code - } with nothing after it is a null list entry; name it rather than fail binding. */
  private static void rejectEmptyEntries(LocatedTree tree, JsonNode node, String path) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode entry = node.get(i);
        if (entry.isNull()) {
          throw tree.error(LocatedTree.nodePosition(entry), "empty entry in "
              + (path.isEmpty() ? "the list" : path) + " (expected a value in every list entry)");
        }
        rejectEmptyEntries(tree, entry, path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      node.fields().forEachRemaining(f ->
          rejectEmptyEntries(tree, f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey()));
    }
  }
}
