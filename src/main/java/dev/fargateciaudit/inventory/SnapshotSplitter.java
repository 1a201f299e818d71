package dev.fargateciaudit.inventory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Cuts a snapshot into its top-level members, and the elements of its lists into batches, without
 * parsing them: it follows strings and brackets only, so that the records can be parsed, checked
 * and bound on every core ({@link ParallelSnapshotReader}). Parsing a record is most of a load,
 * and finding where records end takes a fraction of it.
 *
 * <p>It vouches for nothing inside a record or a member's value: each piece it hands out is parsed
 * in full by Jackson later, which rejects whatever is not JSON. It checks what lies between the
 * pieces itself, where the pieces alone would not tell: one object at the top, member names
 * without escapes and of printable ASCII, no member twice, JSON's whitespace, commas, colons and
 * brackets in their places, nothing after the end. Anything else, and any piece nested deeper than
 * {@link #MAX_DEPTH} or larger than {@link #MAX_PIECE}, makes it stop and answer false: the
 * snapshot is then read by {@link SnapshotReader}, which finds and reports the problem, if any.
 */
final class SnapshotSplitter {
  /** Where a snapshot's pieces go, in file order; a method that throws stops the split. */
  interface Pieces {
    /** The top-level list {@code field} starts; its elements follow as {@link #records}. */
    void list(String field) throws IOException;

    /** {@code count} consecutive elements of the list {@code field}, as the JSON array {@code [e1, e2, ...]}. */
    void records(String field, byte[] json, int count) throws IOException;

    /**
     * The value of the top-level member {@code field}, any member but a list's array; false stops
     * the split (a member the receiver cannot take).
     */
    boolean value(String field, byte[] json) throws IOException;
  }

  /** Deeper than this, a piece goes to {@link SnapshotReader} (whose parser allows 200 levels). */
  static final int MAX_DEPTH = 64;
  /** Larger than this, a piece goes to {@link SnapshotReader}: no record of a real estate comes near. */
  static final int MAX_PIECE = 64 << 20;

  private final ReadableByteChannel in;
  private final Set<String> lists;
  private final int batch;
  private final Pieces out;
  private byte[] buf = new byte[1 << 20];
  private int len;
  private int pos;
  /** The start of the piece being cut, kept in the buffer across reads; -1 when none. */
  private int mark = -1;
  private boolean eof;

  private SnapshotSplitter(ReadableByteChannel in, Set<String> lists, int batch, Pieces out) {
    this.in = in;
    this.lists = lists;
    this.batch = batch;
    this.out = out;
  }

  /**
   * Hands the pieces of the snapshot in {@code in} to {@code out}.
   *
   * @param lists the top-level members whose array elements are records
   * @param batch elements per {@link Pieces#records} at most
   * @return true when the whole snapshot was cut into pieces; false when it stopped (it is not laid
   *     out as this class expects, or {@link Pieces#value} said stop)
   */
  static boolean split(ReadableByteChannel in, Set<String> lists, int batch, Pieces out) throws IOException {
    return new SnapshotSplitter(in, lists, batch, out).document();
  }

  private boolean document() throws IOException {
    if (skipWhitespace() != '{') return false;
    pos++;
    Set<String> seen = new HashSet<>();
    int c = skipWhitespace();
    if (c == '}') {
      pos++;
    } else {
      while (true) {
        String field = name();
        if (field == null || !seen.add(field) || skipWhitespace() != ':') return false;
        pos++;
        c = skipWhitespace();
        boolean ok = c == '[' && lists.contains(field) ? list(field) : value(field);
        if (!ok) return false;
        c = skipWhitespace();
        pos++;
        if (c == '}') break;
        if (c != ',' || skipWhitespace() != '"') return false;
      }
    }
    return skipWhitespace() == -1;
  }

  /** A member name: a string of printable ASCII without escapes (anything else goes to the reader). */
  private String name() throws IOException {
    if (skipWhitespace() != '"') return null;
    mark = pos++;
    while (true) {
      if (pos == len && !fill()) return null;
      byte b = buf[pos];
      if (b == '"') break;
      if (b == '\\' || b < 0x20 || b > 0x7e) return null;
      pos++;
    }
    int from = mark + 1;
    String name = new String(buf, from, pos - from, StandardCharsets.US_ASCII);
    pos++;
    mark = -1;
    return name;
  }

  private boolean list(String field) throws IOException {
    out.list(field);
    pos++;
    int c = skipWhitespace();
    if (c == ']') {
      pos++;
      return true;
    }
    mark = pos;
    int count = 0;
    while (true) {
      if (c != '{' || !skipValue()) return false;
      count++;
      // Relative to the mark: reading more of the file moves the buffer's content.
      int end = pos - mark;
      c = skipWhitespace();
      if (c != ',' && c != ']') return false;
      if (c == ']' || count == batch) {
        out.records(field, arrayOf(mark, mark + end), count);
        count = 0;
        mark = -1;
      }
      pos++;
      if (c == ']') return true;
      c = skipWhitespace();
      if (count == 0) mark = pos;
    }
  }

  private boolean value(String field) throws IOException {
    mark = pos;
    if (!skipValue()) return false;
    byte[] json = Arrays.copyOfRange(buf, mark, pos);
    mark = -1;
    return out.value(field, json);
  }

  /** {@code [} and the bytes from {@code from} to {@code to} and {@code ]}. */
  private byte[] arrayOf(int from, int to) {
    byte[] json = new byte[to - from + 2];
    json[0] = '[';
    System.arraycopy(buf, from, json, 1, to - from);
    json[json.length - 1] = ']';
    return json;
  }

  /**
   * Moves past one value starting at {@code pos}: a container to its matching bracket, a string to
   * its closing quote, anything else up to the next structural character or whitespace. False when
   * the file ends first or the value is too deep or too large.
   */
  private boolean skipValue() throws IOException {
    if (pos == len && !fill()) return false;
    byte first = buf[pos];
    if (first != '{' && first != '[' && first != '"') {
      int length = 0;
      while (true) {
        if (pos == len && !fill()) break;
        byte b = buf[pos];
        if (b == ',' || b == '}' || b == ']' || whitespace(b)) break;
        pos++;
        length++;
      }
      return length > 0;
    }
    int depth = 0;
    byte[] b = buf;
    int p = pos;
    int n = len;
    while (true) {
      if (p == n) {
        pos = p;
        if (!fill()) return false;
        b = buf;
        p = pos;
        n = len;
      }
      byte c = b[p++];
      if (c == '"') {
        // To the closing quote; a backslash escapes the byte after it (a \\uXXXX's digits are harmless).
        while (true) {
          if (p >= n) {
            pos = p;
            if (!fill()) return false;
            b = buf;
            p = pos;
            n = len;
            continue;
          }
          byte d = b[p++];
          if (d == '"') break;
          if (d == '\\') p++;
        }
        if (depth == 0) break;
      } else if (c == '{' || c == '[') {
        if (++depth > MAX_DEPTH) return false;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) break;
      }
    }
    pos = p;
    return true;
  }

  /**
   * Reads more of the file, keeping what lies from {@link #mark} (or, without a mark, from
   * {@link #pos}) on, until the byte at {@code pos} is in the buffer ({@code pos} may lie a byte past
   * the end, after a backslash); {@code pos} and {@code mark} stay on the same bytes. False at the end
   * of the file, or when the piece being cut outgrows {@link #MAX_PIECE}.
   */
  private boolean fill() throws IOException {
    while (pos >= len) {
      if (eof) return false;
      int keep = mark >= 0 ? mark : Math.min(pos, len);
      if (keep > 0) {
        System.arraycopy(buf, keep, buf, 0, len - keep);
        len -= keep;
        pos -= keep;
        if (mark >= 0) mark -= keep;
      }
      if (len == buf.length) {
        if (buf.length >= MAX_PIECE) return false;
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(ByteBuffer.wrap(buf, len, buf.length - len));
      if (n < 0) {
        eof = true;
        return false;
      }
      len += n;
    }
    return true;
  }

  /** The next byte that is not JSON whitespace, left at {@code pos}; -1 at the end of the file. */
  private int skipWhitespace() throws IOException {
    while (true) {
      if (pos == len && !fill()) return -1;
      byte b = buf[pos];
      if (!whitespace(b)) return b;
      pos++;
    }
  }

  /** JSON's whitespace: nothing else may stand between tokens. */
  private static boolean whitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
