package dev.fargateciaudit.derive;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The type of a fact as rules see it. Facts are plain Java values ({@link Subject}): a {@link
 * Scalar} is a {@code String}, {@code Boolean} or {@code Long}; a {@link ListOf} a {@code List}; a
 * {@link Struct} a {@code Map} with exactly the declared keys; a {@link MapOf} a {@code Map} with
 * string keys chosen by the data (IAM condition operators, tags).
 */
public sealed interface FactType {
  /** How the type is written in docs and errors: {@code string}, {@code list(string)}, {@code ciTask.container}. */
  String describe();

  enum Scalar implements FactType {
    STRING("string"), BOOL("bool"), INT("int");

    private final String name;

    Scalar(String name) {
      this.name = name;
    }

    @Override
    public String describe() {
      return name;
    }
  }

  record ListOf(FactType element) implements FactType {
    @Override
    public String describe() {
      return "list(" + element.describe() + ")";
    }
  }

  /** A map whose keys are data, not declared facts; every value has type {@code value}. */
  record MapOf(FactType value) implements FactType {
    @Override
    public String describe() {
      return "map(string, " + value.describe() + ")";
    }
  }

  /** A map with declared keys: a subject's facts, or a nested record such as a container or a rule. */
  record Struct(String name, List<Fact> facts) implements FactType {
    public Struct {
      facts = List.copyOf(facts);
      if (facts.stream().map(Fact::name).distinct().count() != facts.size()) {
        throw new IllegalArgumentException("a fact declared twice in " + name);
      }
    }

    public Optional<Fact> fact(String factName) {
      return facts.stream().filter(f -> f.name().equals(factName)).findFirst();
    }

    public List<String> names() {
      return facts.stream().map(Fact::name).toList();
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /**
   * One declared fact. Every declared fact is present on every subject (or nested map) of its type:
   * derive writes {@code ""}, {@code false}, {@code 0} or an empty list for what the account does not
   * say, never leaves a fact out.
   *
   * @param meaning one line a reviewer understands, shown in docs/rules.md
   */
  record Fact(String name, FactType type, String meaning) {}

  /** Every struct reachable from {@code type}, itself first, each once, by name. */
  static void collectStructs(FactType type, Map<String, Struct> into) {
    if (type instanceof Struct s) {
      Struct seen = into.putIfAbsent(s.name(), s);
      if (seen != null && !seen.equals(s)) throw new IllegalStateException("two structs named " + s.name());
      if (seen == null) s.facts().forEach(f -> collectStructs(f.type(), into));
    } else if (type instanceof ListOf l) {
      collectStructs(l.element(), into);
    } else if (type instanceof MapOf m) {
      collectStructs(m.value(), into);
    }
  }
}
