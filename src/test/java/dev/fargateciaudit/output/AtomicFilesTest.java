package dev.fargateciaudit.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  /** A report is created as any file is (0666 less the umask): the test JVM's umask is the usual 022. */
  @Test
  void writtenFileIsCompleteAndReadableAsTheUmaskAllows() throws IOException {
    Path target = dir.resolve("report.html");
    AtomicFiles.writeString(target, "<html></html>");
    assertThat(target).hasContent("<html></html>");
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OTHERS_READ);
  }

  @Test
  void anOwnerOnlyFileIsCreatedSoAndStaysSoWhenItReplacesAReadableOne() throws IOException {
    Path target = dir.resolve("inventory.json");
    AtomicFiles.writeString(target, "readable");
    AtomicFiles.write(target, AtomicFiles.Access.OWNER_ONLY, out -> out.write("{}".getBytes()));
    assertThat(target).hasContent("{}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
  }

  @Test
  void failedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("junit.xml");
    AtomicFiles.writeString(target, "old");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("half".getBytes());
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(target).hasContent("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  /** What a write returns is what the output folder's manifest would read back from the file. */
  @Test
  void aWriteReturnsTheSizeAndChecksumOfTheBytesInTheFile() throws IOException {
    byte[] bytes = new byte[(1 << 16) * 3 + 5];
    new java.util.Random(11).nextBytes(bytes);
    Path target = dir.resolve("findings.json");
    AtomicFiles.Written written = AtomicFiles.write(target, out -> {
      out.write(bytes, 0, 100);
      for (int i = 100; i < 200; i++) out.write(bytes[i]);
      out.write(bytes, 200, bytes.length - 200);
    });
    assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
    assertThat(written).isEqualTo(new AtomicFiles.Written(bytes.length, OutputFolder.crc32c(target)));
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes);
    assertThat(written.crc32c()).isEqualTo(String.format("%08x", crc.getValue()));
  }

  /** A copy bigger than one transfer buffer, over an older file, byte for byte and owner-only. */
  @Test
  void aCopyReplacesTheTargetWithTheSourcesBytes() throws IOException {
    byte[] bytes = new byte[3 * (1 << 20) + 17];
    new java.util.Random(7).nextBytes(bytes);
    Path source = Files.write(dir.resolve("snapshot.json"), bytes);
    Path target = dir.resolve("out").resolve("inventory.json");
    AtomicFiles.writeString(target, "older and different");
    AtomicFiles.copy(source, target, AtomicFiles.Access.OWNER_ONLY);
    assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aCopyOfAMissingFileFailsAndLeavesTheOldFile() throws IOException {
    Path target = dir.resolve("inventory.json");
    AtomicFiles.writeString(target, "old");
    assertThatThrownBy(() -> AtomicFiles.copy(dir.resolve("gone.json"), target, AtomicFiles.Access.OWNER_ONLY))
        .isInstanceOf(IOException.class);
    assertThat(target).hasContent("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }
}
