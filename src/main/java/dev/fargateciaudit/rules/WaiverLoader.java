package dev.fargateciaudit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Dates;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.LocatedTree;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.Utf8;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads a waivers file: a YAML list (or {@code waivers:} holding one) of
 * {@code {rule, resource | name, reason, approvedBy, expires: YYYY-MM-DD}}: every key required,
 * exactly one of {@code resource} and {@code name}, no others. A waiver naming a rule that is not
 * loaded, or a date that is not exactly {@code YYYY-MM-DD}, is bad input (exit 2), and so are a
 * file that is not UTF-8 and a YAML alias (refused by {@link LocatedTree}, so an alias bomb costs
 * nothing). Messages name the waiver and the key, never the file's text.
 */
public final class WaiverLoader {
  private static final Set<String> KEYS = Set.of("rule", "resource", "name", "reason", "approvedBy", "expires");
  private static final List<String> REQUIRED = List.of("rule", "reason", "approvedBy", "expires");
  private static final String EVERY = " (every waiver needs rule, resource or name, reason, approvedBy, expires)";

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
      String which = "waiver " + (i + 1);
      if (!w.isObject()) throw bad(name, loc, at, which + " is not a mapping (expected rule:, resource: or name:, reason:, ...)");
      var it = w.fieldNames();
      while (it.hasNext()) {
        String k = it.next();
        if (!KEYS.contains(k)) {
          throw bad(name, loc, at + "/" + k, "unknown key in " + which + " (expected rule, resource or name, reason, approvedBy, expires)");
        }
      }
      for (String k : REQUIRED) {
        if (!present(w, k)) throw bad(name, loc, at, which + " has no '" + k + "'" + EVERY);
      }
      if (present(w, "resource") == present(w, "name")) {
        throw bad(name, loc, at, which + (present(w, "name") ? " has both 'resource' and 'name'" : " has neither 'resource' nor 'name'")
            + " (expected one: resource matches ids and ARNs, name matches resource names)");
      }
      String rule = w.get("rule").asText();
      if (!rules.contains(rule)) throw bad(name, loc, at + "/rule", "unknown rule in " + which + " (see 'fargate-ci-audit rules list')");
      out.add(new Waiver(rule, text(w, "resource"), text(w, "name"), w.get("reason").asText(), w.get("approvedBy").asText(),
          date(w.get("expires").asText(), () -> bad(name, loc, at + "/expires", "invalid date in " + which + " (expected YYYY-MM-DD)"))));
    }
    return out;
  }

  private static boolean present(JsonNode w, String key) {
    return w.hasNonNull(key) && w.get(key).isValueNode() && !w.get(key).asText().isBlank();
  }

  private static String text(JsonNode w, String key) {
    return present(w, key) ? w.get(key).asText() : null;
  }

  /** Exactly {@code YYYY-MM-DD} ({@link Dates#day}). */
  static LocalDate date(String text, Supplier<BadInputException> bad) {
    return Dates.day(text).orElseThrow(bad);
  }

  private static BadInputException bad(String file, YamlLocations loc, String pointer, String msg) {
    YamlLocations.Pos p = loc.at(pointer);
    return new BadInputException(file, p.line(), p.column(), msg);
  }
}
