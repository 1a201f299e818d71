package dev.fargateciaudit.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;

/**
 * Text of a snapshot that is longer than {@value #MAX_CHARS} characters is cut at load and marked
 * as cut: reports repeat a resource's name, ARN or policy text in many findings, so an uncut 19 MB
 * name made a 1 GB {@code findings.json}. No text AWS returns for the fields the tool reads comes
 * near the limit (names and ARNs are at most a few hundred characters, tag values 256); a cut value
 * is kept as the literal it has become (the mark is no wildcard), so a cut policy string matches
 * nothing but itself. Planned files are not cut: their environment values are classified as they
 * are read, and a cut secret can look like plain text; their 4 MiB cap bounds them instead.
 */
public final class TextLimit {
  public static final int MAX_CHARS = 1024;

  private TextLimit() {}

  /** {@code s}, or its first {@value #MAX_CHARS} characters and {@code …[N more characters cut]}. */
  public static String cut(String s) {
    if (s == null || s.length() <= MAX_CHARS) return s;
    int end = Character.isHighSurrogate(s.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    return s.substring(0, end) + "…[" + (s.length() - end) + " more characters cut]";
  }

  /** Trees whose text values are cut, every node keeping where it was in the file. */
  public static final class LocatedNodes extends LocationJsonNodeFactory {
    public LocatedNodes(JsonParser parser) {
      super(parser);
    }

    @Override
    public TextNode textNode(String text) {
      return super.textNode(cut(text));
    }
  }
}
