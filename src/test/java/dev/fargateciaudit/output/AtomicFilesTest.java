package dev.fargateciaudit.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writtenFileIsCompleteAndWorldReadable() throws IOException {
    Path target = dir.resolve("report.html");
    AtomicFiles.writeString(target, "<html></html>");
    assertThat(target).hasContent("<html></html>");
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OTHERS_READ);
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

  /** A copy bigger than one transfer buffer, over an older file, byte for byte and readable. */
  @Test
  void aCopyReplacesTheTargetWithTheSourcesBytes() throws IOException {
    byte[] bytes = new byte[3 * (1 << 20) + 17];
    new java.util.Random(7).nextBytes(bytes);
    Path source = Files.write(dir.resolve("snapshot.json"), bytes);
    Path target = dir.resolve("out").resolve("inventory.json");
    AtomicFiles.writeString(target, "older and different");
    AtomicFiles.copy(source, target);
    assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OTHERS_READ);
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aCopyOfAMissingFileFailsAndLeavesTheOldFile() throws IOException {
    Path target = dir.resolve("inventory.json");
    AtomicFiles.writeString(target, "old");
    assertThatThrownBy(() -> AtomicFiles.copy(dir.resolve("gone.json"), target)).isInstanceOf(IOException.class);
    assertThat(target).hasContent("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }
}
