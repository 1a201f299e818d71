package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A position inside an expression, mapped to where it is in the rule file, or to the key when YAML joined lines. */
class YamlLocationsTest {
  private static YamlLocations.Pos inCheck(String yaml, String expr, int line, int column) {
    return YamlLocations.of(yaml.getBytes(StandardCharsets.UTF_8)).inValue("/check", expr, line, column);
  }

  @Test
  void plainScalarOnTheKeyLine() {
    assertThat(inCheck("id: x\ncheck: subject.a == 1\n", "subject.a == 1", 1, 8))
        .isEqualTo(new YamlLocations.Pos(2, 15));
  }

  @Test
  void quotedScalarsCountFromAfterTheQuote() {
    assertThat(inCheck("check: \"subject.a\"\n", "subject.a", 1, 8)).isEqualTo(new YamlLocations.Pos(1, 16));
    assertThat(inCheck("check:   'subject.a'\n", "subject.a", 1, 8)).isEqualTo(new YamlLocations.Pos(1, 18));
  }

  @Test
  void literalBlockLinesKeepTheirIndentation() {
    String yaml = "id: x\ncheck: |\n  a &&\n    b.c\nmessage: m\n";
    assertThat(inCheck(yaml, "a &&\n  b.c\n", 2, 4)).isEqualTo(new YamlLocations.Pos(4, 6));
    assertThat(inCheck(yaml.replace("\n", "\r\n"), "a &&\n  b.c\n", 1, 1)).isEqualTo(new YamlLocations.Pos(3, 3));
  }

  @Test
  void literalBlockUnderAListItemWithChomping() {
    String yaml = "tests:\n  - check: |-\n      x.y\n";
    var pos = YamlLocations.of(yaml.getBytes(StandardCharsets.UTF_8)).inValue("/tests/0/check", "x.y", 1, 2);
    assertThat(pos).isEqualTo(new YamlLocations.Pos(3, 8));
  }

  @Test
  void foldedOrMultiLineFlowScalarsGiveTheKey() {
    assertThat(inCheck("id: x\ncheck: >\n  a &&\n  b.c\n", "a && b.c\n", 1, 7)).isEqualTo(new YamlLocations.Pos(2, 1));
    assertThat(inCheck("id: x\ncheck: \"a &&\n  b.c\"\n", "a && b.c", 1, 7)).isEqualTo(new YamlLocations.Pos(2, 1));
  }

  @Test
  void escapesThatChangeTheTextGiveTheKey() {
    // The value is a == "b" but the file says a == \"b\": columns no longer line up, so no guess.
    assertThat(inCheck("check: \"a == \\\"b\\\"\"\n", "a == \"b\"", 1, 6)).isEqualTo(new YamlLocations.Pos(1, 1));
  }
}
