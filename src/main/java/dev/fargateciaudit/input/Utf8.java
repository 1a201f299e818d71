package dev.fargateciaudit.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that an input file is UTF-8 and reports the first bad byte by line and column. UTF-16 and
 * UTF-32, which Jackson would otherwise detect and accept, are refused by their byte-order mark or
 * by the NUL bytes their ASCII characters carry (no JSON, YAML or TOML document holds a raw NUL).
 */
public final class Utf8 {
  private Utf8() {}

  /** Throws {@link BadInputException} when {@code bytes} (the whole file) are more than {@code kind}'s cap. */
  public static void checkSize(String file, byte[] bytes, InputKind kind) {
    long cap = kind.cap();
    if (bytes.length > cap) {
      throw InputFiles.tooLarge(file, kind, cap, String.format(java.util.Locale.ROOT, "is %,d bytes", bytes.length));
    }
  }

  /** The whole file is UTF-8 text: no UTF-16 or UTF-32 start, no NUL byte, no malformed sequence. */
  public static void check(String file, byte[] bytes) {
    checkStart(file, java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 4)));
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        int[] at = position(bytes, i);
        throw new BadInputException(file, at[0], at[1], "a NUL byte (expected UTF-8 text; is the file binary?)");
      }
    }
    decode(file, bytes);
  }

  /** Refuses a file whose first (up to four) bytes mark it as UTF-16 or UTF-32. */
  public static void checkStart(String file, byte[] start) {
    int b0 = start.length > 0 ? start[0] & 0xff : -1;
    int b1 = start.length > 1 ? start[1] & 0xff : -1;
    boolean bom = (b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE);
    boolean nul = false;
    for (byte b : start) nul |= b == 0;
    if (bom || nul) {
      throw new BadInputException(file, 1, 1, "UTF-16 or UTF-32 text (expected UTF-8 text)");
    }
  }

  /** 1-based line and column of byte {@code offset}, columns counted in bytes. */
  private static int[] position(byte[] bytes, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }

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
