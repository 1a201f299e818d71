package dev.fargateciaudit.cli;

import dev.fargateciaudit.report.UntrustedText;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The one place where everything the CLI prints passes on its way to the terminal (stdout and
 * stderr, installed by {@link Main}): whatever a message carries from the account, a config, a
 * waivers or rule file, a snapshot or a file name, no character reaches the terminal that could
 * move the cursor, rewrite a line ({@code \r}), ring, set the window title or hyperlinks (ESC, BEL,
 * OSC), or reorder or hide text (bidi and zero-width characters). Each is written as {@code \\uXXXX}
 * instead, which also keeps JSON output valid JSON. Newlines and tabs pass: they are how the tool
 * lays out its own output, and texts that must stay on their line are made one line where they are
 * formatted ({@link UntrustedText#line}).
 *
 * <p>The only escape sequences that pass are colour codes ({@code ESC [ digits ; ... m}), and only
 * when {@code colour} is on: an interactive terminal without {@code NO_COLOR}. In a CI log no ESC
 * passes at all. The progress line's {@code \r} is written past this filter ({@link #raw()}); it
 * carries only service names and counts.
 */
final class TerminalWriter extends Writer {
  private final PrintWriter out;
  private final boolean colour;
  /** Characters of an escape sequence held back until it is known to be a colour code. */
  private final StringBuilder pending = new StringBuilder();

  private TerminalWriter(PrintWriter out, boolean colour) {
    this.out = out;
    this.colour = colour;
  }

  /** A print writer that filters everything printed through it into {@code out}. */
  static Filtered over(PrintWriter out, boolean colour) {
    return new Filtered(new TerminalWriter(out, colour), out);
  }

  /** The filtered writer, which also hands out the unfiltered one for the progress line. */
  static final class Filtered extends PrintWriter {
    private final PrintWriter raw;

    private Filtered(TerminalWriter filter, PrintWriter raw) {
      super(filter, true);
      this.raw = raw;
    }

    /** The terminal itself, unfiltered: only for text the tool makes from its own words and numbers. */
    PrintWriter raw() {
      flush();
      return raw;
    }
  }

  @Override
  public void write(char[] buf, int off, int len) {
    synchronized (lock) {
      int end = off + len;
      int run = off;
      for (int i = off; i < end; i++) {
        if (high == 0 && pending.isEmpty() && plain(buf[i])) continue;
        if (run < i) out.write(buf, run, i - run);
        write(buf[i]);
        run = i + 1;
      }
      if (run < end) out.write(buf, run, end - run);
    }
  }

  /** Printable ASCII, newline, tab and the visible rest of Unicode: written as they are, in runs. */
  private static boolean plain(char c) {
    if (c >= 0x20 && c < 0x7f) return true;
    return c == '\n' || c == '\t' || (c >= 0xa0 && !Character.isSurrogate(c) && !UntrustedText.hidden(c));
  }

  private void write(char c) {
    if (high != 0) {
      char h = high;
      high = 0;
      if (Character.isLowSurrogate(c)) {
        out.write(h);
        out.write(c);
        return;
      }
      out.write(escaped(h));
    }
    if (!pending.isEmpty()) {
      sequence(c);
    } else if (c == '\u001b' && colour) {
      pending.append(c);
    } else if (Character.isHighSurrogate(c)) {
      high = c;
    } else if (c == '\n' || c == '\t' || !(c == '\r' || Character.isSurrogate(c) || UntrustedText.hidden(c))) {
      out.write(c);
    } else {
      out.write(escaped(c));
    }
  }

  /** A high surrogate waiting for its low half; 0 when none. */
  private char high;

  /** The next character of a held escape sequence: a colour code passes whole, anything else is shown escaped. */
  private void sequence(char c) {
    pending.append(c);
    boolean open = pending.length() == 2 ? c == '[' : (c >= '0' && c <= '9') || c == ';';
    if (pending.length() > 2 && c == 'm') {
      out.write(pending.toString());
      pending.setLength(0);
    } else if (!open || pending.length() > 32) {
      release();
    }
  }

  /** An escape sequence that turned out not to be a colour code: shown, every control escaped. */
  private void release() {
    String held = pending.toString();
    pending.setLength(0);
    for (int i = 0; i < held.length(); i++) {
      char c = held.charAt(i);
      if (c == '\u001b') out.write(escaped(c));
      else write(c);
    }
  }

  static String escaped(char c) {
    return String.format("\\u%04X", (int) c);
  }

  @Override
  public void flush() {
    synchronized (lock) {
      out.flush();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (!pending.isEmpty()) release();
      if (high != 0) out.write(escaped(high));
      high = 0;
      out.flush();
    }
  }
}
