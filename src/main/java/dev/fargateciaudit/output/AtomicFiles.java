package dev.fargateciaudit.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes a file (a report, a snapshot) through a temporary sibling and a move, so a reader never
 * sees half a file, and a failed or stopped write leaves the old file and no temporary one (the
 * temporary file is one of {@link TemporaryFiles}, removed by the shutdown hook).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Who may read the file: reports are created as the umask allows (0644 under the usual 022, 0600
   * under 077); snapshots, which describe the whole estate, are the owner's alone (0600).
   */
  public enum Access { AS_UMASK_ALLOWS, OWNER_ONLY }

  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * What a write put in the file: its size and the CRC-32C of its bytes, in hex, as
   * {@link OutputFolder}'s manifest records a file (which then need not read it back).
   */
  public record Written(long size, String crc32c) {
    static String hex(CRC32C crc) {
      return HexFormat.of().toHexDigits((int) crc.getValue());
    }
  }

  /** Writes {@code target} with what {@code body} writes to a buffered stream, as the umask allows. */
  public static Written write(Path target, Body body) throws IOException {
    return write(target, Access.AS_UMASK_ALLOWS, body);
  }

  /**
   * Writes {@code target} with what {@code body} writes to a buffered stream.
   *
   * @return the size and checksum of what was written, taken as the bytes went to the file
   */
  public static Written write(Path target, Access access, Body body) throws IOException {
    CRC32C crc = new CRC32C();
    long[] size = new long[1];
    replace(target, access, tmp -> {
      try (OutputStream out = new BufferedOutputStream(
          new CheckedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE), crc), 1 << 16)) {
        body.writeTo(out);
      }
      size[0] = Files.size(tmp);
    });
    return new Written(size[0], Written.hex(crc));
  }

  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** Copies {@code source} to {@code target} as {@link #write} would. */
  public static void copy(Path source, Path target, Access access) throws IOException {
    replace(target, access, tmp -> {
      try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        long size = in.size();
        for (long at = 0; at < size; ) at += in.transferTo(at, size - at, out);
      }
    });
  }

  @FunctionalInterface
  private interface TempBody {
    void writeTo(Path tmp) throws IOException;
  }

  private static void replace(Path target, Access access, TempBody body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
    TemporaryFiles.createFile(tmp, access == Access.OWNER_ONLY);
    try {
      body.writeTo(tmp);
      TemporaryFiles.moveIntoPlace(() -> move(tmp, target));
    } finally {
      TemporaryFiles.delete(tmp);
    }
  }

  /** Renames {@code from} over {@code to}, atomically where the file system can. */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
