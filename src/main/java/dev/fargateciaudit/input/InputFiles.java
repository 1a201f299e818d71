package dev.fargateciaudit.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way the tool reads an input file. Before a byte is read the file must be a regular file
 * (a FIFO would block, a device such as {@code /dev/zero} never ends) no larger than its kind's cap
 * ({@link InputKind}); while reading, a file that grows past the cap is refused too. The bytes must
 * be UTF-8: a UTF-16 or UTF-32 file is refused by its byte-order mark or NUL bytes, which no valid
 * JSON, YAML or TOML holds. Every problem, I/O failures included, is a one-line
 * {@link BadInputException} naming the file.
 */
public final class InputFiles {
  private InputFiles() {}

  /** The whole of {@code file}, checked as above and as UTF-8; {@code file} names it in errors. */
  public static byte[] read(Path file, InputKind kind) {
    return read(file, file.toString(), kind);
  }

  /** As {@link #read(Path, InputKind)}, naming the file {@code shown} in errors. */
  public static byte[] read(Path file, String shown, InputKind kind) {
    long cap = kind.cap();
    check(file, shown, kind, cap);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
    } catch (IOException e) {
      throw new BadInputException(shown, 0, 0, "cannot read: " + IoErrors.describe(e));
    }
    if (bytes.length > cap) throw tooLarge(shown, kind, cap, "grew");
    Utf8.check(shown, bytes);
    return bytes;
  }

  /**
   * A stream over {@code file} for a parser that reads as it goes (snapshots, findings files),
   * checked as above: up front, and while it is read (a file that grows past the cap fails the read).
   * A UTF-16 or UTF-32 start is refused here; the parser checks the UTF-8 of the rest.
   */
  public static InputStream open(Path file, String shown, InputKind kind) {
    long cap = kind.cap();
    check(file, shown, kind, cap);
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new BadInputException(shown, 0, 0, "cannot read: " + IoErrors.describe(e));
    }
    try {
      return new CappedInputStream(in, shown, kind, cap);
    } catch (BadInputException | IOException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        // The first problem is the one to report.
      }
      if (e instanceof BadInputException bad) throw bad;
      throw new BadInputException(shown, 0, 0, "cannot read: " + IoErrors.describe((IOException) e));
    }
  }

  private static void check(Path file, String shown, InputKind kind, long cap) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new BadInputException(shown, 0, 0, "file not found");
    } catch (IOException e) {
      throw new BadInputException(shown, 0, 0, "cannot read: " + IoErrors.describe(e));
    }
    if (a.isDirectory()) throw new BadInputException(shown, 0, 0, "is a folder (expected a " + kind.label() + ")");
    if (!a.isRegularFile()) {
      throw new BadInputException(shown, 0, 0, "is not a regular file but a FIFO, device or socket (expected a "
          + kind.label() + ")");
    }
    if (a.size() > cap) throw tooLarge(shown, kind, cap, String.format(java.util.Locale.ROOT, "is %,d bytes", a.size()));
  }

  static BadInputException tooLarge(String shown, InputKind kind, long cap, String found) {
    String raise = kind.variable() == null ? "" : "; " + kind.variable() + " raises the limit";
    return new BadInputException(shown, 0, 0, found + " (expected a " + kind.label() + " of at most "
        + InputKind.size(cap) + raise + ")");
  }

  /** Counts what is read and refuses a file that grows past its cap, or that starts as UTF-16 or UTF-32. */
  private static final class CappedInputStream extends java.io.FilterInputStream {
    private final String shown;
    private final InputKind kind;
    private final long cap;
    private long read;

    CappedInputStream(InputStream in, String shown, InputKind kind, long cap) throws IOException {
      super(new java.io.BufferedInputStream(in, 1 << 16));
      this.shown = shown;
      this.kind = kind;
      this.cap = cap;
      this.in.mark(4);
      byte[] start = this.in.readNBytes(4);
      this.in.reset();
      Utf8.checkStart(shown, start);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) count(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) count(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(n);
      if (s > 0) count(s);
      return s;
    }

    private void count(long n) {
      read += n;
      if (read > cap) throw tooLarge(shown, kind, cap, "grew");
    }
  }
}
