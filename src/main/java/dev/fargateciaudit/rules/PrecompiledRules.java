package dev.fargateciaudit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelProtoAbstractSyntaxTree;
import dev.cel.expr.CheckedExpr;
import dev.fargateciaudit.derive.SubjectType;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in rules' parse, schema validation and CEL type-checking, done once at build time.
 *
 * <p>Start-up is what a pre-deploy gate pays on every run, and most of it was spent re-checking the
 * same built-in rule files: parsing YAML, validating it against the rule schema and type-checking
 * their CEL expressions. The build ({@code process-classes}) runs {@link #main} over {@code rules/}, which
 * loads every rule through the normal, fully checked path and writes {@value #RESOURCE}: each
 * validated rule tree keyed by the SHA-256 of the file's bytes, and each expression's checked AST
 * (CEL's {@code CheckedExpr} protobuf) keyed by its rule's subject type and its text (the same text
 * types differently over another subject type). At run time a rule file whose bytes hash to a known
 * key skips parsing and validation, and a known expression skips parsing and checking;
 * the runtime program is still planned from the checked AST (a value expression's when it is first
 * evaluated, {@link CelEnvironment#compileValue}). Keys are contents, so an edited or a
 * user's rule simply misses and takes the full path; the bundle is ignored as a whole when the CEL
 * environment it was checked in, fact declarations included, differs from this one
 * ({@link CelEnvironment#fingerprint()}).
 */
public final class PrecompiledRules {
  static final String RESOURCE = "/rules.precompiled.json";

  static final PrecompiledRules NONE = new PrecompiledRules(List.of(), Map.of(), Map.of(), null);
  private static final class Holder {
    static final PrecompiledRules INSTANCE = read();
  }

  /** A built-in rule file as the build read it from {@code rules/}. */
  record RuleFile(String path, byte[] yaml) {}

  /** What a loader had to check itself while this bundle was in use: what the build writes. */
  record Checked(Map<String, JsonNode> rulesBySha, Map<Expression, CelAbstractSyntaxTree> expressions) {}

  /**
   * An expression of a rule on {@code type}: what a checked AST is keyed by. Its equals and hashCode
   * are written out: a record's own are bootstrapped through method handles at their first call.
   */
  record Expression(SubjectType type, String text) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Expression e && type == e.type && Objects.equals(text, e.text);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(type) + Objects.hashCode(text);
    }
  }

  private final List<RuleFile> files;
  private final Map<String, JsonNode> rulesBySha;
  private final Map<Expression, String> checkedByExpression;
  private final Checked checked;

  private PrecompiledRules(List<RuleFile> files, Map<String, JsonNode> rulesBySha,
      Map<Expression, String> checkedByExpression, Checked checked) {
    this.files = files;
    this.rulesBySha = rulesBySha;
    this.checkedByExpression = checkedByExpression;
    this.checked = checked;
  }

  /** This bundle, also noting every rule and expression a loader has to check itself. */
  PrecompiledRules recording() {
    return new PrecompiledRules(files, rulesBySha, checkedByExpression,
        new Checked(new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
  }

  /** What was checked outside the bundle since {@link #recording()}; empty maps when not recording. */
  Checked checked() {
    return checked == null ? new Checked(Map.of(), Map.of()) : checked;
  }

  /** The loader validated this rule file itself (it was not in the bundle). */
  void checked(byte[] yaml, JsonNode tree) {
    if (checked != null) checked.rulesBySha().put(sha256(yaml), tree);
  }

  /** The loader type-checked this expression itself (it was not in the bundle). */
  void checked(SubjectType type, String expression, CelAbstractSyntaxTree ast) {
    if (checked != null) checked.expressions().put(new Expression(type, expression), ast);
  }

  /**
   * The built-in rule files, in path order; empty when there is no bundle. Reading them from the
   * bundle spares opening the jar as a file system to list {@code /rules}.
   */
  List<RuleFile> files() {
    return files;
  }

  /** The bundle shipped in the jar, or an empty one when it is absent or was built for another environment. */
  static PrecompiledRules get() {
    return Holder.INSTANCE;
  }

  /** The validated tree of a rule file with exactly these bytes, or null. */
  JsonNode rule(byte[] yaml) {
    return rulesBySha.isEmpty() ? null : rulesBySha.get(sha256(yaml));
  }

  /** True when the bundle holds a checked AST of exactly this expression text over {@code type}. */
  boolean has(SubjectType type, String text) {
    return checkedByExpression.containsKey(new Expression(type, text));
  }

  /** The checked AST of exactly this expression text over a subject of {@code type}, or null. */
  CelAbstractSyntaxTree expression(SubjectType type, String text) {
    String b64 = checkedByExpression.get(new Expression(type, text));
    if (b64 == null) return null;
    try {
      return CelProtoAbstractSyntaxTree.fromCheckedExpr(CheckedExpr.parseFrom(Base64.getDecoder().decode(b64))).getAst();
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return null;
    }
  }

  private static PrecompiledRules read() {
    try (InputStream in = PrecompiledRules.class.getResourceAsStream(RESOURCE)) {
      return in == null ? NONE : read(in);
    } catch (IOException e) {
      return NONE;
    }
  }

  static PrecompiledRules read(InputStream in) {
    try {
      JsonNode root = Mappers.json().readTree(in);
      if (!CelEnvironment.get().fingerprint().equals(root.path("environment").asText())) return NONE;
      List<RuleFile> files = new ArrayList<>();
      Map<String, JsonNode> rules = new HashMap<>();
      for (JsonNode f : root.path("files")) {
        byte[] yaml = f.path("yaml").asText().getBytes(StandardCharsets.UTF_8);
        files.add(new RuleFile(f.path("path").asText(), yaml));
        rules.put(sha256(yaml), f.path("rule"));
      }
      Map<Expression, String> exprs = new HashMap<>();
      root.path("expressions").fields().forEachRemaining(byType -> {
        SubjectType type = SubjectType.of(byType.getKey()).orElseThrow();
        byType.getValue().fields().forEachRemaining(e -> exprs.put(new Expression(type, e.getKey()), e.getValue().asText()));
      });
      return new PrecompiledRules(List.copyOf(files), rules, exprs, null);
    } catch (IOException | RuntimeException e) {
      // A damaged bundle costs start-up time, never correctness: every rule takes the full path.
      return NONE;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Build step: {@code PrecompiledRules RULES_DIR OUT_FILE}. Loads every rule under RULES_DIR the way
   * an audit loads a rule folder, with full validation (a bad rule fails the build with its one-line
   * error), and writes what that load checked as the bundle.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) throw new IllegalArgumentException("usage: PrecompiledRules RULES_DIR OUT_FILE");
    PrecompiledRules recorder = NONE.recording();
    Map<String, CompiledRule> loaded = new TreeMap<>();
    RuleSet.loadDir(Path.of(args[0]), "rules", loaded, recorder);
    List<CompiledRule> byPath = loaded.values().stream()
        .sorted(Comparator.comparing((CompiledRule r) -> r.rule().file())).toList();
    ObjectNode root = Mappers.json().createObjectNode();
    root.put("environment", CelEnvironment.get().fingerprint());
    ArrayNode rules = root.putArray("files");
    for (CompiledRule r : byPath) {
      ObjectNode f = rules.addObject();
      f.put("path", r.rule().file().substring("rules/".length()));
      f.put("yaml", new String(r.bytes(), StandardCharsets.UTF_8));
      f.set("rule", recorder.checked().rulesBySha().get(sha256(r.bytes())));
    }
    ObjectNode exprs = root.putObject("expressions");
    int count = 0;
    for (SubjectType type : SubjectType.values()) {
      Map<String, CelAbstractSyntaxTree> ofType = new TreeMap<>();
      recorder.checked().expressions().forEach((e, ast) -> {
        if (e.type() == type) ofType.put(e.text(), ast);
      });
      if (ofType.isEmpty()) continue;
      ObjectNode node = exprs.putObject(type.label());
      ofType.forEach((text, ast) -> node.put(text,
          Base64.getEncoder().encodeToString(CelProtoAbstractSyntaxTree.fromCelAst(ast).toCheckedExpr().toByteArray())));
      count += ofType.size();
    }
    byte[] out = Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    AtomicFiles.write(Path.of(args[1]), o -> o.write(out));
    System.out.println("precompiled " + byPath.size() + " rules and " + count + " CEL expressions into " + args[1]);
  }
}
