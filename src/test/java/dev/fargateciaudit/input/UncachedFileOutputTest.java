package dev.fargateciaudit.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UncachedFileOutputTest {
  private static final int MIB = UncachedFileOutput.BUFFER_BYTES;

  @TempDir Path dir;

  /** Lengths around the block and the buffer, where the padding and the truncation must be exact. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 511, 4095, 4096, 4097, MIB - 1, MIB, MIB + 1, 3 * MIB + 4096 * 3 + 17})
  void aDirectWriteGivesExactlyTheBytesWritten(int length) throws IOException {
    Path file = Files.createFile(dir.resolve("findings.json"));
    UncachedFileOutput out = UncachedFileOutput.openDirect(file);
    assumeThat(out).as("this file system takes direct I/O").isNotNull();
    byte[] bytes = random(length);
    try (out) {
      writeInUnevenPieces(out, bytes);
    }
    assertThat(Files.size(file)).isEqualTo(length);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void aDirectWriteReplacesWhatTheFileHeld() throws IOException {
    Path file = Files.writeString(dir.resolve("junit.xml"), "x".repeat(3 * MIB));
    UncachedFileOutput out = UncachedFileOutput.openDirect(file);
    assumeThat(out).as("this file system takes direct I/O").isNotNull();
    try (out) {
      out.write("<testsuites/>".getBytes());
    }
    assertThat(file).hasContent("<testsuites/>");
  }

  /** The snapshot's copy: read into the aligned buffer, so lengths that are not a block's multiple matter. */
  @Test
  void transferFromCopiesAFileByteForByte() throws IOException {
    byte[] bytes = random(2 * MIB + 123);
    Path source = Files.write(dir.resolve("snapshot.json"), bytes);
    Path file = Files.createFile(dir.resolve("inventory.json"));
    UncachedFileOutput out = UncachedFileOutput.openDirect(file);
    assumeThat(out).as("this file system takes direct I/O").isNotNull();
    try (out; FileChannel in = FileChannel.open(source)) {
      out.write('[');
      assertThat(out.transferFrom(in)).isEqualTo(bytes.length);
    }
    byte[] written = Files.readAllBytes(file);
    assertThat(written).hasSize(bytes.length + 1).startsWith('[');
    assertThat(java.util.Arrays.copyOfRange(written, 1, written.length)).isEqualTo(bytes);
  }

  @Test
  void writingAfterCloseFailsAndClosingTwiceDoesNothing() throws IOException {
    Path file = Files.createFile(dir.resolve("report.html"));
    OutputStream out = UncachedFileOutput.open(file);
    out.write(new byte[] {'a', 'b'});
    out.close();
    out.close();
    assertThat(file).hasContent("ab");
    assertThatThrownBy(() -> out.write('c')).isInstanceOf(IOException.class);
  }

  /**
   * Where direct I/O is refused (tmpfs, on older kernels), {@link UncachedFileOutput#open}
   * writes through the page cache instead; either way the file holds the bytes.
   */
  @Test
  void openWritesTheBytesOnAnyFileSystem() throws IOException {
    Path shm = Path.of("/dev/shm");
    Path folder = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "fca-") : dir;
    try {
      Path file = Files.createFile(folder.resolve("findings.json"));
      byte[] bytes = random(MIB + 5);
      try (OutputStream out = UncachedFileOutput.open(file)) {
        writeInUnevenPieces(out, bytes);
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    } finally {
      if (!folder.equals(dir)) {
        try (var files = Files.list(folder)) {
          for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(folder);
      }
    }
  }

  /** The page-cache path, where direct I/O is switched off: the same bytes, and a copy by the kernel. */
  @Test
  void withDirectWritesOffFilesAreWrittenAndCopiedThroughThePageCache() throws IOException {
    String before = System.getProperty(UncachedFileOutput.NO_DIRECT_WRITES);
    System.setProperty(UncachedFileOutput.NO_DIRECT_WRITES, "true");
    try {
      Path file = Files.createFile(dir.resolve("findings.json"));
      assertThat(UncachedFileOutput.openDirect(file)).isNull();
      byte[] bytes = random(MIB + 4097);
      try (OutputStream out = UncachedFileOutput.open(file)) {
        assertThat(out).isNotInstanceOf(UncachedFileOutput.class);
        writeInUnevenPieces(out, bytes);
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
      Path copy = dir.resolve("out").resolve("inventory.json");
      AtomicFiles.copy(file, copy);
      assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
    } finally {
      if (before == null) System.clearProperty(UncachedFileOutput.NO_DIRECT_WRITES);
      else System.setProperty(UncachedFileOutput.NO_DIRECT_WRITES, before);
    }
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  /** Single bytes and slices of changing size, as Jackson's and FreeMarker's writers call. */
  private static void writeInUnevenPieces(OutputStream out, byte[] bytes) throws IOException {
    int at = 0;
    for (int piece = 1; at < bytes.length; piece = piece * 3 % 70_001 + 1) {
      int n = Math.min(piece, bytes.length - at);
      if (n == 1) {
        out.write(bytes[at]);
      } else {
        out.write(bytes, at, n);
      }
      at += n;
    }
  }
}
