package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.derive.FactType.ListOf;
import dev.fargateciaudit.derive.FactType.MapOf;
import dev.fargateciaudit.derive.FactType.Struct;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md says what the declarations say ({@link SubjectFacts}): each subject type's fact table
 * is generated from them (between {@code <!-- facts:TYPE -->} markers; run this test with
 * {@code -Ddocs.update=true} to rewrite them), and each type's YAML example names only declared facts,
 * with values of their types.
 */
class DocumentedFactsTest {
  private static final Path DOC = Path.of("docs/rules.md");
  /** Every subject has these; the doc says so once, above the types. */
  private static final Set<String> COMMON = Set.of("id", "name", "region", "planned", "scope");

  /** The table of {@code type}'s own facts, nested maps' facts under their paths. */
  static String table(SubjectType type) {
    StringBuilder sb = new StringBuilder("| fact | type | meaning |\n| --- | --- | --- |\n");
    for (FactType.Fact f : SubjectFacts.of(type).facts()) {
      if (!COMMON.contains(f.name())) rows(f, "", sb);
    }
    return sb.toString();
  }

  private static void rows(FactType.Fact f, String prefix, StringBuilder sb) {
    String path = prefix + f.name();
    sb.append("| `").append(path).append("` | ").append(shown(f.type())).append(" | ")
        .append(f.meaning().replace("|", "\\|")).append(" |\n");
    FactType t = f.type();
    String suffix = "";
    while (t instanceof ListOf l) {
      t = l.element();
      suffix += "[]";
    }
    if (t instanceof Struct s) {
      for (FactType.Fact nested : s.facts()) rows(nested, path + suffix + ".", sb);
    }
  }

  /** A type as the tables write it: nested maps are "map", their facts follow as rows. */
  private static String shown(FactType t) {
    if (t instanceof Struct) return "map";
    if (t instanceof ListOf l) return "list(" + shown(l.element()) + ")";
    if (t instanceof MapOf m) return "map(string, " + shown(m.value()) + ")";
    return t.describe();
  }

  private static String generated(String doc) {
    String out = doc;
    for (SubjectType t : SubjectType.values()) {
      Pattern block = Pattern.compile("(<!-- facts:" + t.label() + " -->\n)(.*?)(<!-- /facts:" + t.label() + " -->)", Pattern.DOTALL);
      Matcher m = block.matcher(out);
      assertThat(m.find()).as("docs/rules.md has the markers of %s's fact table", t.label()).isTrue();
      out = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + table(t) + m.group(3)));
    }
    return out;
  }

  @Test
  void everyTypesFactTableIsGeneratedFromTheDeclarations() throws IOException {
    String doc = Files.readString(DOC);
    String expected = generated(doc);
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(DOC, expected);
      return;
    }
    assertThat(doc).as("docs/rules.md fact tables (rewrite them with -Ddocs.update=true)").isEqualTo(expected);
  }

  @Test
  void everyTypesExampleNamesDeclaredFactsWithValuesOfTheirTypes() throws IOException {
    String doc = Files.readString(DOC);
    List<String> problems = new ArrayList<>();
    for (SubjectType t : SubjectType.values()) {
      Matcher m = Pattern.compile("### `" + t.label() + "`:.*?```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
      assertThat(m.find()).as("docs/rules.md has a YAML example of %s", t.label()).isTrue();
      JsonNode example = Mappers.yaml().readTree(m.group(1));
      Map<?, ?> value = Mappers.json().convertValue(example, Map.class);
      FactCheck.problems(SubjectFacts.of(t), value, FactCheck.Mode.PARTIAL, t.label())
          .forEach(p -> problems.add(p.message()));
    }
    assertThat(problems).isEmpty();
  }
}
