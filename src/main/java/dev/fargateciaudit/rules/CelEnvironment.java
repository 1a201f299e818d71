package dev.fargateciaudit.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import dev.fargateciaudit.derive.Cidrs;
import dev.fargateciaudit.derive.FactCheck;
import dev.fargateciaudit.derive.FactType;
import dev.fargateciaudit.derive.IamPatterns;
import dev.fargateciaudit.derive.SubjectFacts;
import dev.fargateciaudit.derive.SubjectType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CEL environment every rule expression is compiled in: the variable {@code subject}, typed
 * with the declared facts of the rule's subject type ({@link SubjectCelTypes}), the standard macros
 * ({@code all}, {@code exists}, {@code exists_one}, {@code filter}, {@code map}, {@code has}) and the
 * functions rules need that CEL lacks (IP/CIDR, IAM action patterns, port ranges, globs). Documented
 * in {@code docs/rules.md}.
 *
 * <p>Every function added here must be a pure function of its arguments (no clock, no I/O, no state):
 * {@link RuleMemo} gives subjects that read the same values the outcome judged once.
 */
public final class CelEnvironment {
  /** The variable holding the subject in every expression. */
  public static final String SUBJECT = "subject";

  private static final CelType STR = SimpleType.STRING;
  private static final CelType BOOL = SimpleType.BOOL;
  private static final CelType INT = SimpleType.INT;
  private static final CelType LIST_DYN = ListType.create(SimpleType.DYN);

  private static final List<CelFunctionDecl> FUNCTIONS = List.of(
      global("cidrContains", BOOL, STR, STR),
      global("cidrOverlaps", BOOL, STR, STR),
      global("isPublicIp", BOOL, STR),
      global("isPrivateIp", BOOL, STR),
      global("isIpv6", BOOL, STR),
      global("isCidr", BOOL, STR),
      global("iamActionMatches", BOOL, STR, STR),
      global("iamAnyActionMatches", BOOL, LIST_DYN, STR),
      global("portRangeIncludes", BOOL, INT, INT, INT),
      global("globMatches", BOOL, STR, STR));
  private static final CelEnvironment INSTANCE = new CelEnvironment();

  /**
   * Comprehension iterations one evaluation may take ({@code all}, {@code exists}, {@code map},
   * {@code filter}, nested ones multiplied). CEL terminates but is not linear: three nested
   * comprehensions over 100 elements are a million iterations. The built-in rules need fewer than 30
   * on the examples and a 3,000-task-definition estate; an expression that needs more is ERROR on
   * that subject, so a rule that would run without end costs at most this much per subject.
   */
  static final int MAX_ITERATIONS = 100_000;

  private final CelOptions options = CelOptions.current().comprehensionMaxIterations(MAX_ITERATIONS).build();
  /** One compiler per subject type, built on first use (see {@link #compiler}). */
  private final Map<SubjectType, CelCompiler> compilers = new EnumMap<>(SubjectType.class);
  private final CelRuntime runtime;

  private CelEnvironment() {
    runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
        .setOptions(options)
        .addFunctionBindings(
            CelFunctionBinding.from("cidrContains_string_string", String.class, String.class,
                (a, b) -> safe(() -> Cidrs.contains(a, b))),
            CelFunctionBinding.from("cidrOverlaps_string_string", String.class, String.class,
                (a, b) -> safe(() -> Cidrs.overlaps(a, b))),
            CelFunctionBinding.from("isPublicIp_string", String.class, s -> safe(() -> Cidrs.isPublic(s))),
            CelFunctionBinding.from("isPrivateIp_string", String.class, s -> safe(() -> Cidrs.isPrivate(s))),
            CelFunctionBinding.from("isIpv6_string", String.class, s -> safe(() -> Cidrs.isIpv6(s))),
            CelFunctionBinding.from("isCidr_string", String.class, Cidrs::isValid),
            CelFunctionBinding.from("iamActionMatches_string_string", String.class, String.class,
                IamPatterns::actionMatches),
            CelFunctionBinding.from("iamAnyActionMatches_list_string", List.class, String.class,
                (l, a) -> IamPatterns.anyActionMatches(l, a)),
            CelFunctionBinding.from("portRangeIncludes_int_int_int", List.of(Long.class, Long.class, Long.class),
                args -> (Long) args[0] <= (Long) args[2] && (Long) args[2] <= (Long) args[1]),
            CelFunctionBinding.from("globMatches_string_string", String.class, String.class,
                IamPatterns::glob))
        .build();
  }

  public static CelEnvironment get() {
    return INSTANCE;
  }

  /** The names of the functions this environment adds to CEL's own. */
  static List<String> functionNames() {
    return FUNCTIONS.stream().map(CelFunctionDecl::name).toList();
  }

  /**
   * The compiler of {@code type}'s rules is built on first use: with the built-in rules precompiled
   * ({@link PrecompiledRules}) a plain audit never needs one, and building it loads the parser and checker.
   */
  private synchronized CelCompiler compiler(SubjectType type) {
    return compilers.computeIfAbsent(type, t -> compiler(new SubjectCelTypes(t)));
  }

  private CelCompiler compiler(SubjectCelTypes types) {
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(types)
        .addVar(SUBJECT, types.subject())
        .addFunctionDeclarations(FUNCTIONS)
        .build();
  }

  /**
   * Identifies what a checked AST depends on besides its text and subject type: the declarations
   * (functions and every subject type's facts) and options. A precompiled bundle made under another
   * fingerprint is not used, so a changed fact declaration is never served a stale checked AST.
   */
  String fingerprint() {
    return fingerprint(SubjectFacts::of);
  }

  /**
   * The fingerprint under the fact declarations {@code facts}. The text is written out here rather
   * than taken from the declarations' {@code toString}: every audit computes it, and the first
   * {@code toString} of records and of cel-java's declarations is slow to set up.
   */
  String fingerprint(Function<SubjectType, FactType.Struct> facts) {
    StringBuilder text = new StringBuilder(SUBJECT).append('\n');
    for (SubjectType t : SubjectType.values()) {
      declaration(facts.apply(t), text.append(t.label()).append('='));
      text.append('\n');
    }
    for (CelFunctionDecl f : FUNCTIONS) {
      for (CelOverloadDecl o : f.overloads()) {
        text.append(f.name()).append(' ').append(o.overloadId()).append(o.isInstanceFunction() ? " member " : " global ");
        declaration(o.resultType(), text);
        for (CelType p : o.parameterTypes()) declaration(p, text.append(' '));
        text.append('\n');
      }
    }
    text.append(options).append('\n').append(CelStandardMacro.STANDARD_MACROS);
    return PrecompiledRules.sha256(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A fact type in full: every fact of a struct by name and type, nested structs spelled out. */
  private static StringBuilder declaration(FactType type, StringBuilder out) {
    if (type instanceof FactType.Struct s) {
      out.append(s.name()).append('{');
      for (FactType.Fact f : s.facts()) declaration(f.type(), out.append(f.name()).append(':')).append(';');
      return out.append('}');
    }
    if (type instanceof FactType.ListOf l) return declaration(l.element(), out.append("list(")).append(')');
    if (type instanceof FactType.MapOf m) return declaration(m.value(), out.append("map(string, ")).append(')');
    return out.append(type.describe());
  }

  /** A CEL type with its parameters, e.g. {@code list(dyn)}. */
  private static StringBuilder declaration(CelType type, StringBuilder out) {
    out.append(type.name());
    if (!type.parameters().isEmpty()) {
      out.append('(');
      for (CelType p : type.parameters()) declaration(p, out).append(',');
      out.append(')');
    }
    return out;
  }

  private static CelFunctionDecl global(String name, CelType result, CelType... params) {
    StringBuilder id = new StringBuilder(name);
    for (CelType p : params) {
      id.append('_').append(p instanceof ListType ? "list" : p.name());
    }
    return CelFunctionDecl.newFunctionDeclaration(name, CelOverloadDecl.newGlobalOverload(id.toString(), result, params));
  }

  private interface Check {
    boolean run();
  }

  /** Invalid addresses make the function false rather than aborting the whole rule. */
  private static boolean safe(Check c) {
    try {
      return c.run();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A compile error at a position inside the expression (1-based line and column). */
  public static final class CompileError extends Exception {
    public final int line;
    public final int column;

    CompileError(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }

  /**
   * Parses and type-checks {@code expression} over a subject of {@code type}; when {@code resultType}
   * is not null the result must have that type.
   */
  public CelRuntime.Program compile(String expression, CelType resultType, SubjectType type) throws CompileError {
    return compile(expression, resultType, type, PrecompiledRules.get());
  }

  /** As above, reusing the build's checked AST of this exact text and type when {@code precompiled} has it. */
  CelRuntime.Program compile(String expression, CelType resultType, SubjectType type, PrecompiledRules precompiled)
      throws CompileError {
    return compileChecked(expression, resultType, type, precompiled).program();
  }

  /** A planned program and the checked AST it was planned from (what {@link SubjectReads} analyses). */
  record Compiled(CelRuntime.Program program, CelAbstractSyntaxTree ast) {}

  /** As {@link #compile(String, CelType, SubjectType, PrecompiledRules)}, keeping the checked AST. */
  Compiled compileChecked(String expression, CelType resultType, SubjectType type, PrecompiledRules precompiled)
      throws CompileError {
    CelAbstractSyntaxTree ast = precompiled.expression(type, expression);
    if (ast == null) {
      ast = check(expression, type);
      precompiled.checked(type, expression, ast);
    }
    if (resultType != null && !ast.getResultType().equals(resultType) && !ast.getResultType().equals(SimpleType.DYN)) {
      throw new CompileError("must be a " + resultType.name() + " expression, found " + ast.getResultType().name(), 1, 1);
    }
    try {
      return new Compiled(runtime.createProgram(ast), ast);
    } catch (CelEvaluationException e) {
      throw new CompileError(e.getMessage(), 1, 1);
    }
  }

  /**
   * A value expression (a message or remediation placeholder, evidence, {@code sourceFrom}): compiled
   * as {@link #compileChecked}, except that one whose checked AST the bundle holds is decoded and
   * planned when it is first evaluated. An audit renders these only for failing subjects, so most are
   * never needed; the bundle's AST was checked in this very environment ({@link #fingerprint()}), so
   * deferring it defers no error. Boolean expressions stay eager: their ASTs are analysed at load.
   */
  SubjectExpression compileValue(String expression, SubjectType type, PrecompiledRules precompiled)
      throws CompileError {
    if (!precompiled.has(type, expression)) return compileChecked(expression, null, type, precompiled).program()::eval;
    return new PlannedOnFirstUse(expression, type, precompiled);
  }

  private final class PlannedOnFirstUse implements SubjectExpression {
    private final String expression;
    private final SubjectType type;
    private final PrecompiledRules precompiled;
    private volatile CelRuntime.Program program;

    PlannedOnFirstUse(String expression, SubjectType type, PrecompiledRules precompiled) {
      this.expression = expression;
      this.type = type;
      this.precompiled = precompiled;
    }

    @Override
    public Object eval(CelVariableResolver vars) throws CelEvaluationException {
      CelRuntime.Program p = program;
      if (p == null) program = p = plan(); // two threads may both plan it: the same program, harmlessly
      return p.eval(vars);
    }

    private CelRuntime.Program plan() {
      try {
        return compileChecked(expression, null, type, precompiled).program();
      } catch (CompileError e) {
        throw new IllegalStateException("a precompiled expression no longer compiles: " + e.getMessage(), e);
      }
    }
  }

  private static final Pattern UNDEFINED_FIELD = Pattern.compile("undefined field '([^']*)'");

  /**
   * Parses and type-checks {@code expression}. A field the subject type does not declare is named
   * with the closest declared fact of the map it was read from.
   */
  private CelAbstractSyntaxTree check(String expression, SubjectType type) throws CompileError {
    try {
      return compiler(type).compile(expression).getAst();
    } catch (CelValidationException e) {
      CelIssue first = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
      String msg = first == null ? e.getMessage() : first.getMessage();
      int line = first == null ? 1 : Math.max(1, first.getSourceLocation().getLine());
      int col = first == null ? 1 : Math.max(1, first.getSourceLocation().getColumn() + 1);
      Matcher undefined = UNDEFINED_FIELD.matcher(msg);
      if (undefined.matches()) msg = undefinedField(expression, type, undefined.group(1));
      throw new CompileError(msg, line, col);
    }
  }

  /** "undefined field 'logDriver' of ciTask.container (did you mean ...)", from a check with a probe. */
  private String undefinedField(String expression, SubjectType type, String field) {
    SubjectCelTypes probe = new SubjectCelTypes(type, field);
    compiler(probe).compile(expression); // the result is not wanted, only what the probe notes
    List<SubjectCelTypes.Miss> misses = probe.misses();
    if (misses.isEmpty()) return "undefined field '" + field + "'";
    FactType.Struct in = misses.get(0).struct();
    return "undefined field '" + field + "' of " + FactCheck.shown(in) + FactCheck.suggestion(in, field);
  }
}
