package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/reliability.md's matrix of issue #29's defects names, for each, the tests that reproduce it:
 * every defect has a row, and every test class, test method, source class and corpus file a row
 * names exists, so the matrix cannot point at something renamed or removed.
 */
class HardeningMatrixDocTest {
  static final Pattern TICKED = Pattern.compile("`([^`]+)`");
  static final Pattern TEST_CLASS = Pattern.compile("[A-Z]\\w*(Test|IT)");
  static final Pattern METHOD = Pattern.compile("[a-z][a-z]*[A-Z]\\w{8,}");
  static final Pattern SOURCE = Pattern.compile("[a-z]+/[A-Z]\\w+");
  static final Pattern CORPUS_FILE = Pattern.compile("(snapshot|config|toml|waivers|rules|planned)/[\\w.-]+\\.(json|yml|toml)");

  static Map<String, String> rows() throws IOException {
    String doc = Files.readString(Path.of("docs/reliability.md"));
    String section = doc.substring(doc.indexOf("\n## Hardening"));
    section = section.substring(0, section.indexOf("\n### "));
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : section.lines().toList()) {
      Matcher m = Pattern.compile("^\\| (d\\d\\d(-d\\d\\d)?) ").matcher(line);
      if (m.find()) rows.put(m.group(1), line);
    }
    return rows;
  }

  @Test
  void everyDefectHasARow() throws IOException {
    List<String> defects = new ArrayList<>();
    for (String id : rows().keySet()) {
      int from = Integer.parseInt(id.substring(1, 3));
      int to = id.length() > 3 ? Integer.parseInt(id.substring(5, 7)) : from;
      for (int i = from; i <= to; i++) defects.add(String.format("d%02d", i));
    }
    assertThat(defects).containsExactly(Stream.iterate(1, i -> i + 1).limit(15).map(i -> String.format("d%02d", i)).toArray(String[]::new));
  }

  @Test
  void everyTestClassAndFileARowNamesExists() throws IOException, ClassNotFoundException {
    int methods = 0;
    for (Map.Entry<String, String> row : rows().entrySet()) {
      String[] cells = row.getValue().split(" \\| ");
      Class<?> current = null;
      Matcher m = TICKED.matcher(cells[cells.length - 1]);
      while (m.find()) {
        String t = m.group(1);
        String[] parts = t.split("\\.", 2);
        if (TEST_CLASS.matcher(parts[0]).matches()) {
          current = testClass(parts[0]);
          if (parts.length == 2) {
            assertThat(methodNames(current)).as(row.getKey() + ": " + t).contains(parts[1]);
            methods++;
          }
        } else if (METHOD.matcher(t).matches()) {
          assertThat(current).as(row.getKey() + ": " + t + " follows no test class").isNotNull();
          assertThat(methodNames(current)).as(row.getKey() + ": " + current.getSimpleName() + "." + t).contains(t);
          methods++;
        } else if (CORPUS_FILE.matcher(t).matches()) {
          assertThat(Path.of("src/test/resources/bad-input", t)).as(row.getKey()).isRegularFile();
        }
      }
      for (String cell : cells) {
        Matcher s = TICKED.matcher(cell);
        while (s.find()) {
          if (SOURCE.matcher(s.group(1)).matches()) {
            assertThat(Path.of("src/main/java/dev/fargateciaudit", s.group(1) + ".java")).as(row.getKey()).isRegularFile();
          }
        }
      }
    }
    assertThat(methods).isGreaterThan(20);
  }

  static Class<?> testClass(String simpleName) throws IOException, ClassNotFoundException {
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      Path file = files.filter(p -> p.getFileName().toString().equals(simpleName + ".java")).findFirst()
          .orElseThrow(() -> new AssertionError("no test class " + simpleName));
      String name = Path.of("src/test/java").relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
      return Class.forName(name);
    }
  }

  static List<String> methodNames(Class<?> c) {
    return Arrays.stream(c.getDeclaredMethods()).map(Method::getName).toList();
  }
}
