package dev.fargateciaudit.input;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.statistics.Statistics;

/**
 * What the fuzz tests share: random edits of valid documents, text from a format's alphabet, and
 * the one acceptable way to fail ({@link BadInputException}, one line, within a time bound).
 * Tries per property: 200 by default ({@code junit-platform.properties}),
 * {@code -Djqwik.tries.default=N} for a longer run.
 */
public final class Fuzz {
  /** Generous: a parse that takes this long is a runaway, not a slow machine. */
  public static final Duration BOUND = Duration.ofSeconds(10);

  /** A parser's own class or feature named in a message: SequenceStartEvent, JsonReadFeature (issue #29 d15). */
  static final Pattern INTERNAL_NAME = Pattern.compile("\\b(?:[A-Z][a-z0-9]+){2,}(?:Event|Feature|Exception|Error)\\b");

  private Fuzz() {}

  /**
   * Runs {@code loader} on {@code input}; it may return or throw a one-line {@link BadInputException}
   * (naming no Java exception or class)
   * whose line starts with {@code FILE:LINE:COL: } when {@code positioned} matches the file name
   * (pass null to accept a line without position). Anything else, or running past {@link #BOUND}, fails.
   * The outcome ({@code accepted} or {@code rejected}) is counted in jqwik's statistics report, so a
   * run shows how many inputs got past the parser.
   */
  public static void onlyBadInput(byte[] input, Pattern positioned, Consumer<byte[]> loader) {
    String outcome = assertTimeoutPreemptively(BOUND, () -> {
      try {
        loader.accept(input);
        return "accepted";
      } catch (BadInputException expected) {
        String line = expected.oneLine();
        if (line.contains("\n")) throw new AssertionError("multi-line error: " + line);
        if (line.contains("Exception") || line.contains("java.") || INTERNAL_NAME.matcher(line).find()) {
          throw new AssertionError("internals in the error: " + line);
        }
        if (positioned != null && !positioned.matcher(line).lookingAt()) {
          throw new AssertionError("error without FILE:LINE:COL: " + line);
        }
        return "rejected";
      }
    }, () -> "loader did not finish within " + BOUND + " on input: " + preview(input));
    Statistics.collect(outcome);
  }

  public static void onlyBadInput(byte[] input, Consumer<byte[]> loader) {
    onlyBadInput(input, null, loader);
  }

  /** {@code FILE:LINE:COL: } with a line and column of at least 1. */
  public static Pattern positionOf(String file) {
    return Pattern.compile(Pattern.quote(file) + ":[1-9][0-9]*:[1-9][0-9]*: ");
  }

  public static String preview(byte[] input) {
    String s = new String(input, StandardCharsets.UTF_8);
    return s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }

  public static Arbitrary<String> text(String alphabet, int maxLength) {
    return Arbitraries.strings().withChars(alphabet.toCharArray()).ofMaxLength(maxLength);
  }

  /**
   * Up to eight edits of a valid document: replace, insert, delete, duplicate a range, truncate;
   * inserted and replacing bytes come from {@code interesting} (the format's syntax) or are any byte.
   */
  public static Arbitrary<byte[]> mutations(String seed, String interesting) {
    byte[] base = seed.getBytes(StandardCharsets.UTF_8);
    Arbitrary<Edit> edit = Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, Integer.MAX_VALUE - 1),
            Arbitraries.integers().between(1, 64),
            Arbitraries.oneOf(Arbitraries.of(bytes(interesting)), Arbitraries.bytes()))
        .as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(8).map(edits -> {
      byte[] doc = base;
      for (Edit e : edits) doc = e.apply(doc);
      return doc;
    });
  }

  private static List<Byte> bytes(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    Byte[] boxed = new Byte[b.length];
    for (int i = 0; i < b.length; i++) boxed[i] = b[i];
    return Arrays.asList(boxed);
  }

  private record Edit(int kind, int at, int length, byte value) {
    byte[] apply(byte[] doc) {
      if (doc.length == 0) return new byte[] {value};
      int pos = at % doc.length;
      int len = Math.min(length, doc.length - pos);
      return switch (kind) {
        case 0 -> {
          byte[] out = doc.clone();
          out[pos] = value;
          yield out;
        }
        case 1 -> {
          byte[] out = new byte[doc.length + 1];
          System.arraycopy(doc, 0, out, 0, pos);
          out[pos] = value;
          System.arraycopy(doc, pos, out, pos + 1, doc.length - pos);
          yield out;
        }
        case 2 -> {
          byte[] out = new byte[doc.length - len];
          System.arraycopy(doc, 0, out, 0, pos);
          System.arraycopy(doc, pos + len, out, pos, doc.length - pos - len);
          yield out;
        }
        case 3 -> {
          byte[] out = new byte[doc.length + len];
          System.arraycopy(doc, 0, out, 0, pos + len);
          System.arraycopy(doc, pos, out, pos + len, doc.length - pos);
          yield out;
        }
        default -> Arrays.copyOf(doc, pos);
      };
    }
  }
}
