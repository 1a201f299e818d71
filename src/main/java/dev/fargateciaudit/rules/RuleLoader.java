package dev.fargateciaudit.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.common.types.SimpleType;
import dev.fargateciaudit.derive.FactCheck;
import dev.fargateciaudit.derive.SubjectFacts;
import dev.fargateciaudit.derive.SubjectType;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.LocatedTree;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.input.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one rule file: UTF-8 YAML (aliases refused, see {@link LocatedTree}) -> JSON Schema validation ->
 * binding to {@link Rule} (unknown keys rejected) -> every CEL expression compiled and type-checked
 * against the declared facts of the rule's subject type -> every fixture subject checked against
 * them. Any problem is a {@link BadInputException} naming the file, the line of the offending key and,
 * for CEL, the column within the expression.
 */
public final class RuleLoader {
  /** Loaded on first use: precompiled built-in rules are never validated again (see PrecompiledRules). */
  private static final class RuleSchema {
    static final Schema SCHEMA = loadSchema();
  }

  private RuleLoader() {}

  private static Schema loadSchema() {
    try (InputStream in = RuleLoader.class.getResourceAsStream("/schema/rule.schema.json")) {
      if (in == null) throw new IllegalStateException("rule.schema.json missing from the jar");
      JsonNode node = Mappers.json().readTree(in);
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param name the file name shown in errors (and kept in {@link Rule#file()})
   * @param expectedId the id the file name implies, or null not to check
   */
  public static CompiledRule load(String name, byte[] yaml, String expectedId) {
    return load(name, yaml, expectedId, PrecompiledRules.get());
  }

  /** As above, taking what was checked at build time from {@code precompiled} (tests pass an empty one). */
  static CompiledRule load(String name, byte[] yaml, String expectedId, PrecompiledRules precompiled) {
    JsonNode node = precompiled.rule(yaml);
    boolean fromBundle = node != null;
    if (!fromBundle) {
      node = validatedTree(name, yaml);
      precompiled.checked(yaml, node);
    }
    Locations where = new Locations(yaml);
    Rule rule;
    try {
      rule = Mappers.yaml().treeToValue(node, Rule.class).withFile(name);
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(name, e);
    }
    if (expectedId != null && !expectedId.equals(rule.id())) {
      YamlLocations.Pos pos = where.at("/id");
      throw new BadInputException(name, pos.line(), pos.column(),
          "rule id differs from the file name (expected '" + expectedId + "')");
    }
    SubjectType type = SubjectType.of(rule.subject()).orElseThrow();
    CelEnvironment.Compiled whereC = rule.where() == null ? null : compileBool(precompiled, type, name, where, "/where", rule.where());
    CelEnvironment.Compiled checkC = compileBool(precompiled, type, name, where, "/check", rule.check());
    SubjectReads reads = SubjectReads.of(java.util.Arrays.asList(whereC == null ? null : whereC.ast(), checkC.ast()));
    MessageTemplate message;
    try {
      message = MessageTemplate.compile(rule.message(), type, precompiled);
    } catch (CelEnvironment.CompileError e) {
      YamlLocations.Pos pos = where.inValue("/message", rule.message(), 1, e.column);
      throw new BadInputException(name, pos.line(), pos.column(),
          "message: " + e.getMessage() + " (at template column " + e.column + ")");
    }
    MessageTemplate remediation = null;
    if (rule.remediation().contains("{{")) {
      try {
        remediation = MessageTemplate.compile(rule.remediation(), type, precompiled);
      } catch (CelEnvironment.CompileError e) {
        YamlLocations.Pos pos = where.inValue("/remediation", rule.remediation(), 1, e.column);
        throw new BadInputException(name, pos.line(), pos.column(),
            "remediation: " + e.getMessage() + " (at template column " + e.column + ")");
      }
    }
    Map<String, SubjectExpression> evidence = new LinkedHashMap<>();
    for (var e : rule.evidence().entrySet()) {
      evidence.put(e.getKey(), compileValue(precompiled, type, name, where, "/evidence/" + e.getKey(), e.getValue()));
    }
    SubjectExpression sourceP = rule.sourceFrom() == null ? null
        : compileValue(precompiled, type, name, where, "/sourceFrom", rule.sourceFrom());
    if (!fromBundle) checkFixtures(name, where, rule, type);
    return new CompiledRule(rule, type, whereC == null ? null : whereC.program(), checkC.program(), reads, message,
        remediation, evidence, sourceP, yaml);
  }

  /**
   * Every fixture subject says only what a subject of the rule's type can have: declared facts of
   * their declared types ({@link SubjectFacts}). A fixture may leave out what the rule does not read.
   * (A bundled rule's fixtures were checked when the build made the bundle.)
   */
  private static void checkFixtures(String name, Locations where, Rule rule, SubjectType type) {
    for (int i = 0; i < rule.tests().size(); i++) {
      Rule.Fixture f = rule.tests().get(i);
      List<FactCheck.Problem> problems =
          FactCheck.problems(SubjectFacts.of(type), f.subject(), FactCheck.Mode.PARTIAL, "subject");
      if (problems.isEmpty()) continue;
      FactCheck.Problem first = problems.get(0);
      StringBuilder pointer = new StringBuilder("/tests/" + i + "/subject");
      for (Object step : first.path()) pointer.append('/').append(step);
      YamlLocations.Pos pos = where.at(pointer.toString());
      throw new BadInputException(name, pos.line(), pos.column(),
          "tests[" + i + "] (" + f.name() + "): " + first.message() + " (" + type.label() + " facts, docs/rules.md)");
    }
  }

  /** Parses a rule file and validates it against the rule schema: the tree binding starts from. */
  private static JsonNode validatedTree(String name, byte[] yaml) {
    Utf8.checkSize(name, yaml, InputKind.RULE);
    Utf8.check(name, yaml);
    JsonNode node = LocatedTree.parse(Mappers.yaml(), name, yaml, false).root();
    if (!node.isObject()) throw new BadInputException(name, 1, 1, "a rule must be a YAML mapping");
    List<Error> errors = RuleSchema.SCHEMA.validate(node);
    if (!errors.isEmpty()) {
      Error first = errors.get(0);
      String pointer = pointer(first);
      YamlLocations.Pos pos = YamlLocations.of(yaml).at(pointer);
      throw new BadInputException(name, pos.line(), pos.column(), schemaMessage(first, pointer));
    }
    return node;
  }

  /** Positions are only needed to report an error, and finding them means parsing the YAML again. */
  private static final class Locations {
    private final byte[] yaml;
    private YamlLocations parsed;

    Locations(byte[] yaml) {
      this.yaml = yaml;
    }

    YamlLocations.Pos at(String pointer) {
      return parsed().at(pointer);
    }

    YamlLocations.Pos inValue(String pointer, String text, int line, int column) {
      return parsed().inValue(pointer, text, line, column);
    }

    private YamlLocations parsed() {
      if (parsed == null) parsed = YamlLocations.of(yaml);
      return parsed;
    }
  }

  /** A boolean expression ({@code where}, {@code check}), with the checked AST its reads are found from. */
  private static CelEnvironment.Compiled compileBool(
      PrecompiledRules precompiled, SubjectType type, String file, Locations where, String pointer, String expr) {
    try {
      return CelEnvironment.get().compileChecked(expr, SimpleType.BOOL, type, precompiled);
    } catch (CelEnvironment.CompileError e) {
      throw compileError(file, where, pointer, expr, e);
    }
  }

  private static SubjectExpression compileValue(
      PrecompiledRules precompiled, SubjectType type, String file, Locations where, String pointer, String expr) {
    try {
      return CelEnvironment.get().compileValue(expr, type, precompiled);
    } catch (CelEnvironment.CompileError e) {
      throw compileError(file, where, pointer, expr, e);
    }
  }

  private static BadInputException compileError(String file, Locations where, String pointer, String expr,
      CelEnvironment.CompileError e) {
    YamlLocations.Pos pos = where.inValue(pointer, expr, e.line, e.column);
    String key = pointer.substring(1);
    return new BadInputException(file, pos.line(), pos.column(),
        key + ": " + oneLine(e.getMessage()) + " (at expression line " + e.line + ", column " + e.column + ")");
  }

  private static String pointer(Error e) {
    StringBuilder sb = new StringBuilder();
    var path = e.getInstanceLocation();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      sb.append('/').append(el);
    }
    if (e.getProperty() != null && "required".equals(e.getKeyword())) return sb.toString();
    if (e.getProperty() != null && "additionalProperties".equals(e.getKeyword())) sb.append('/').append(e.getProperty());
    return sb.toString();
  }

  private static String schemaMessage(Error e, String pointer) {
    String msg = oneLine(e.getMessage());
    if ("additionalProperties".equals(e.getKeyword())) {
      String parent = pointer.substring(0, Math.max(pointer.lastIndexOf('/'), 0));
      return "unknown key" + (parent.isEmpty() ? "" : " at " + parent) + " (expected one of the keys in docs/rules.md)";
    }
    String at = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.') + ": ";
    return at + msg + " (rule schema)";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
