package dev.fargateciaudit.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file (a report, a snapshot) through a temporary sibling and a move, so a reader never
 * sees half a file, and a failed write leaves the old file and no temporary one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code target} with what {@code body} writes to a buffered stream. */
  public static void write(Path target, Body body) throws IOException {
    replace(target, tmp -> {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        body.writeTo(out);
      }
    });
  }

  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** Copies {@code source} to {@code target} as {@link #write} would. */
  public static void copy(Path source, Path target) throws IOException {
    replace(target, tmp -> Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING));
  }

  @FunctionalInterface
  private interface TempBody {
    void writeTo(Path tmp) throws IOException;
  }

  private static void replace(Path target, TempBody body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      body.writeTo(tmp);
      makeReadable(tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  // createTempFile makes the file owner-only; reports are artifacts meant to be read (CI, browsers).
  private static void makeReadable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the platform's default permissions apply.
    }
  }
}
