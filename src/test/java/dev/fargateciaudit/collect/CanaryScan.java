package dev.fargateciaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.parser.Parser;

/**
 * Looks for secrets in everything a run produced: every byte of every file under a folder and of
 * the captured terminal output. A secret counts as found when it appears (case-insensitively) as
 * itself, URL-encoded, hex-encoded, or inside base64 / base64url at any byte alignment; and, for
 * HTML/XML and JSON files, in the text after entity decoding or JSON unescaping.
 */
final class CanaryScan {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The forms searched, by a label naming the encoding. */
  private final Map<String, String> forms = new LinkedHashMap<>();
  private int scanned;

  CanaryScan(List<String> secrets) {
    for (String s : secrets) {
      forms.put(s + " (plain)", s.toLowerCase(Locale.ROOT));
      String url = URLEncoder.encode(s, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      if (!url.equals(s.toLowerCase(Locale.ROOT))) forms.put(s + " (URL-encoded)", url);
      forms.put(s + " (hex)", HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8)));
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      for (int shift = 0; shift < 3; shift++) {
        forms.put(s + " (base64+" + shift + ")", base64Core(Base64.getEncoder(), bytes, shift));
        forms.put(s + " (base64url+" + shift + ")", base64Core(Base64.getUrlEncoder(), bytes, shift));
      }
    }
  }

  /** A random lower-case alphanumeric string: the canary can come from nowhere but the plant. */
  static String random(String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    return b.toString();
  }

  /**
   * The base64 characters that depend only on {@code bytes} when they sit {@code shift} bytes
   * after a 3-byte boundary of a longer encoded text. Kept case-sensitive by the caller: base64 is.
   */
  private static String base64Core(Base64.Encoder encoder, byte[] bytes, int shift) {
    byte[] padded = new byte[shift + bytes.length];
    System.arraycopy(bytes, 0, padded, shift, bytes.length);
    String enc = encoder.withoutPadding().encodeToString(padded);
    int first = (8 * shift + 5) / 6;
    int end = (8 * (shift + bytes.length)) / 6;
    return enc.substring(first, end);
  }

  /** Every finding in the files under {@code dir} (recursively); each is "where: form". */
  List<String> scanTree(Path dir) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) found.addAll(scanFile(f));
    }
    return found;
  }

  List<String> scanFile(Path f) throws IOException {
    byte[] bytes = Files.readAllBytes(f);
    String name = f.getFileName().toString();
    List<String> found = new ArrayList<>(scanText(f.toString(), new String(bytes, StandardCharsets.ISO_8859_1)));
    String utf8 = new String(bytes, StandardCharsets.UTF_8);
    found.addAll(scanText(f + " (UTF-8)", utf8));
    if (name.endsWith(".html") || name.endsWith(".xml")) {
      found.addAll(scanText(f + " (entities decoded)", Parser.unescapeEntities(utf8, false)));
    }
    if (name.endsWith(".json")) {
      try {
        StringBuilder strings = new StringBuilder();
        collectStrings(Mappers.json().readTree(bytes), strings);
        found.addAll(scanText(f + " (JSON strings)", strings.toString()));
      } catch (IOException notJson) {
        found.add(f + ": not parseable JSON (" + notJson.getMessage().lines().findFirst().orElse("") + ")");
      }
    }
    scanned++;
    return found;
  }

  /** Findings in one captured text (stdout, stderr) or file content. */
  List<String> scanText(String where, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> found = new ArrayList<>();
    forms.forEach((label, form) -> {
      boolean caseSensitive = label.contains("(base64");
      if ((caseSensitive ? text : lower).contains(form)) found.add(where + ": " + label);
    });
    return found;
  }

  /** Files scanned so far. */
  int filesScanned() {
    return scanned;
  }

  private static void collectStrings(JsonNode node, StringBuilder out) {
    if (node.isTextual()) {
      out.append(node.textValue()).append('\n');
    } else if (node.isObject()) {
      node.properties().forEach(e -> {
        out.append(e.getKey()).append('\n');
        collectStrings(e.getValue(), out);
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectStrings(n, out));
    }
  }
}
