package dev.fargateciaudit.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks that an input file is UTF-8 and reports the first bad byte by line and column. */
public final class Utf8 {
  private Utf8() {}

  /** Decodes {@code bytes}, or throws {@link BadInputException} at the first malformed sequence. */
  public static String decode(String file, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      out.flip();
      int line = 1;
      int column = 1;
      for (int i = 0; i < out.length(); i++) {
        if (out.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      throw new BadInputException(file, line, column, String.format(
          "not UTF-8: invalid byte 0x%02X at byte offset %d (expected UTF-8 text)", bytes[offset] & 0xff, offset));
    }
    try {
      CoderResult flush = decoder.flush(out);
      if (flush.isError()) flush.throwException();
    } catch (CharacterCodingException e) {
      throw new BadInputException(file, 0, 0, "not UTF-8 (expected UTF-8 text)");
    }
    out.flip();
    return out.toString();
  }
}
