package dev.fargateciaudit.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.fargateciaudit.derive.Cidrs;
import dev.fargateciaudit.derive.IamPatterns;
import java.util.List;

/**
 * The one CEL environment every rule expression is compiled in: the variable {@code subject}
 * ({@code map(string, dyn)}), the standard macros ({@code all}, {@code exists}, {@code exists_one},
 * {@code filter}, {@code map}, {@code has}) and the functions rules need that CEL lacks (IP/CIDR,
 * IAM action patterns, port ranges, globs). Documented in {@code docs/rules.md}.
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
  private static final CelType SUBJECT_TYPE = MapType.create(SimpleType.STRING, SimpleType.DYN);
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
  private volatile CelCompiler compiler;
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
   * The compiler is built on first use: with the built-in rules precompiled ({@link PrecompiledRules})
   * a plain audit never needs it, and building it loads the parser and checker.
   */
  private CelCompiler compiler() {
    CelCompiler c = compiler;
    if (c == null) {
      synchronized (this) {
        c = compiler;
        if (c == null) {
          c = CelCompilerFactory.standardCelCompilerBuilder()
              .setOptions(options)
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .addVar(SUBJECT, SUBJECT_TYPE)
              .addFunctionDeclarations(FUNCTIONS)
              .build();
          compiler = c;
        }
      }
    }
    return c;
  }

  /**
   * Identifies what a checked AST depends on besides its text: the declarations and options. A
   * precompiled bundle made under another fingerprint is not used.
   */
  String fingerprint() {
    return PrecompiledRules.sha256((SUBJECT + ":" + SUBJECT_TYPE + "\n" + FUNCTIONS + "\n" + options + "\n"
        + CelStandardMacro.STANDARD_MACROS).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
   * Parses and type-checks {@code expression}; when {@code resultType} is not null the result must
   * have that type.
   */
  public CelRuntime.Program compile(String expression, CelType resultType) throws CompileError {
    return compile(expression, resultType, PrecompiledRules.get());
  }

  /** As above, reusing the build's checked AST of this exact text when {@code precompiled} has it. */
  CelRuntime.Program compile(String expression, CelType resultType, PrecompiledRules precompiled) throws CompileError {
    return compileChecked(expression, resultType, precompiled).program();
  }

  /** A planned program and the checked AST it was planned from (what {@link SubjectReads} analyses). */
  record Compiled(CelRuntime.Program program, CelAbstractSyntaxTree ast) {}

  /** As {@link #compile(String, CelType, PrecompiledRules)}, keeping the checked AST. */
  Compiled compileChecked(String expression, CelType resultType, PrecompiledRules precompiled) throws CompileError {
    CelAbstractSyntaxTree ast = precompiled.expression(expression);
    if (ast == null) {
      ast = check(expression);
      precompiled.checked(expression, ast);
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

  /** Parses and type-checks {@code expression}. */
  private CelAbstractSyntaxTree check(String expression) throws CompileError {
    try {
      return compiler().compile(expression).getAst();
    } catch (CelValidationException e) {
      CelIssue first = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
      String msg = first == null ? e.getMessage() : first.getMessage();
      int line = first == null ? 1 : Math.max(1, first.getSourceLocation().getLine());
      int col = first == null ? 1 : Math.max(1, first.getSourceLocation().getColumn() + 1);
      throw new CompileError(msg, line, col);
    }
  }
}
