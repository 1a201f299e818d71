package dev.fargateciaudit.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of input files: what it refuses before reading, and how it says so. */
class InputFilesTest {
  @TempDir Path dir;

  static String line(Runnable r) {
    try {
      r.run();
    } catch (BadInputException e) {
      return e.oneLine();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void aFifoIsRefusedBeforeItIsOpened() throws Exception {
    Path fifo = dir.resolve("waivers.yml");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    // Opening a FIFO blocks until a writer comes: a refusal must come without opening it.
    assertThat(line(() -> InputFiles.read(fifo, InputKind.WAIVERS)))
        .isEqualTo(fifo + ": is not a regular file but a FIFO, device or socket (expected a waivers file)");
  }

  @Test
  void aDeviceIsRefused() {
    assertThat(line(() -> InputFiles.read(Path.of("/dev/zero"), InputKind.CONFIG)))
        .isEqualTo("/dev/zero: is not a regular file but a FIFO, device or socket (expected a config file)");
    assertThat(line(() -> InputFiles.open(Path.of("/dev/zero"), "/dev/zero", InputKind.SNAPSHOT)))
        .isEqualTo("/dev/zero: is not a regular file but a FIFO, device or socket (expected a snapshot)");
  }

  /** A sparse file costs no disk: 2 GiB and one byte, refused by its size before a byte is read. */
  @Test
  void aFileOverItsKindsCapIsRefusedByItsSize() throws IOException {
    Path big = dir.resolve("big");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength((2L << 30) + 1);
    }
    assertThat(line(() -> InputFiles.read(big, InputKind.RULE)))
        .isEqualTo(big + ": is 2,147,483,649 bytes (expected a rule file of at most 1 MiB)");
    assertThat(line(() -> InputFiles.open(big, "big", InputKind.SNAPSHOT)))
        .isEqualTo("big: is 2,147,483,649 bytes (expected a snapshot of at most 1 GiB; FCA_MAX_SNAPSHOT_BYTES raises the limit)");
  }

  @Test
  void utf16AndNulBytesAreRefused() throws IOException {
    Path utf16 = Files.write(dir.resolve("s.json"), "{\"schemaVersion\": 1}".getBytes(StandardCharsets.UTF_16));
    assertThat(line(() -> InputFiles.read(utf16, InputKind.PLANNED))).isEqualTo(utf16 + ":1:1: UTF-16 or UTF-32 text (expected UTF-8 text)");
    assertThat(line(() -> {
      try (InputStream in = InputFiles.open(utf16, "s.json", InputKind.SNAPSHOT)) {
        in.read();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    })).isEqualTo("s.json:1:1: UTF-16 or UTF-32 text (expected UTF-8 text)");
    Path le = Files.write(dir.resolve("le.json"), "{}".getBytes(StandardCharsets.UTF_16LE));
    assertThat(line(() -> InputFiles.read(le, InputKind.PLANNED))).isEqualTo(le + ":1:1: UTF-16 or UTF-32 text (expected UTF-8 text)");
    Path nul = Files.write(dir.resolve("nul.yml"), "regions:\n  - eu\0west-2\n".getBytes(StandardCharsets.UTF_8));
    assertThat(line(() -> InputFiles.read(nul, InputKind.CONFIG))).isEqualTo(nul + ":2:7: a NUL byte (expected UTF-8 text; is the file binary?)");
  }

  @Test
  void missingFilesAndFoldersAreOneLine() throws IOException {
    assertThat(line(() -> InputFiles.read(dir.resolve("gone.yml"), InputKind.CONFIG))).isEqualTo(dir.resolve("gone.yml") + ": file not found");
    assertThat(line(() -> InputFiles.read(dir, InputKind.CONFIG))).isEqualTo(dir + ": is a folder (expected a config file)");
  }

  @Test
  void theSnapshotAndFindingsCapsTakeAnEnvironmentOverride() {
    assertThat(InputKind.SNAPSHOT.cap(Map.of())).isEqualTo(1L << 30);
    assertThat(InputKind.SNAPSHOT.cap(Map.of("FCA_MAX_SNAPSHOT_BYTES", "3G"))).isEqualTo(3L << 30);
    assertThat(InputKind.FINDINGS.cap(Map.of("FCA_MAX_FINDINGS_BYTES", "65536"))).isEqualTo(65536);
    assertThatThrownBy(() -> InputKind.SNAPSHOT.cap(Map.of("FCA_MAX_SNAPSHOT_BYTES", "lots")))
        .hasMessage("FCA_MAX_SNAPSHOT_BYTES is not a size (expected bytes, or a number with K, M or G, such as 2G)");
    assertThat(InputKind.CONFIG.cap(Map.of("FCA_MAX_SNAPSHOT_BYTES", "3G"))).isEqualTo(256 * 1024);
  }
}
