package dev.fargateciaudit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.LocatedTree;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.Utf8;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a waivers file: a YAML list (or {@code waivers:} holding one) of
 * {@code {rule, resource, reason, approvedBy, expires: YYYY-MM-DD}}, every key required, no others.
 * A waiver naming a rule that is not loaded, or a bad date, is bad input (exit 2), and so are a
 * file that is not UTF-8 and a YAML alias (refused by {@link LocatedTree}, so an alias bomb costs nothing).
 */
public final class WaiverLoader {
  private static final Set<String> KEYS = Set.of("rule", "resource", "reason", "approvedBy", "expires");

  private WaiverLoader() {}

  public static List<Waiver> load(Path file, RuleSet rules) {
    return parse(file.toString(), InputFiles.read(file, InputKind.WAIVERS), rules);
  }

  static List<Waiver> parse(String name, byte[] bytes, RuleSet rules) {
    Utf8.checkSize(name, bytes, InputKind.WAIVERS);
    Utf8.check(name, bytes);
    JsonNode root = LocatedTree.parse(Mappers.yaml(), name, bytes, false).root();
    YamlLocations loc = YamlLocations.of(bytes);
    String base = "";
    if (root.isObject() && root.has("waivers") && root.size() == 1) {
      root = root.get("waivers");
      base = "/waivers";
    }
    if (root.isNull() || root.isMissingNode()) return List.of();
    if (!root.isArray()) throw new BadInputException(name, 1, 1, "waivers must be a list (expected - rule: ... items)");
    List<Waiver> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode w = root.get(i);
      String at = base + "/" + i;
      if (!w.isObject()) throw bad(name, loc, at, "a waiver must be a mapping");
      var it = w.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        if (!KEYS.contains(k)) throw bad(name, loc, at + "/" + k, "unknown key '" + k + "' (expected rule, resource, reason, approvedBy, expires)");
      }
      for (String k : KEYS) {
        if (!w.hasNonNull(k) || !w.get(k).isValueNode() || w.get(k).asText().isBlank()) {
          throw bad(name, loc, at, "waiver " + (i + 1) + " has no '" + k + "' (every waiver needs rule, resource, reason, approvedBy, expires)");
        }
      }
      String rule = w.get("rule").asText();
      if (!rules.contains(rule)) throw bad(name, loc, at + "/rule", "unknown rule '" + rule + "' (see 'fargate-ci-audit rules list')");
      LocalDate expires;
      try {
        expires = LocalDate.parse(w.get("expires").asText());
      } catch (DateTimeParseException e) {
        throw bad(name, loc, at + "/expires", "invalid date '" + w.get("expires").asText() + "' (expected YYYY-MM-DD)");
      }
      out.add(new Waiver(rule, w.get("resource").asText(), w.get("reason").asText(), w.get("approvedBy").asText(), expires));
    }
    return out;
  }

  private static BadInputException bad(String file, YamlLocations loc, String pointer, String msg) {
    YamlLocations.Pos p = loc.at(pointer);
    return new BadInputException(file, p.line(), p.column(), msg);
  }
}
