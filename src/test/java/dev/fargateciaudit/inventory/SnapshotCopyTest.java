package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCopyTest {
  @TempDir Path dir;

  private Path snapshot() throws IOException {
    byte[] bytes = new byte[3 * (1 << 20) + 17];
    new Random(11).nextBytes(bytes);
    return Files.write(dir.resolve("estate.json"), bytes);
  }

  private static Stream<Path> listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList().stream();
    }
  }

  @Test
  void aCommittedCopyIsTheSnapshotsBytesReadableWithNoTemporaryFileLeft() throws IOException {
    Path snapshot = snapshot();
    Path out = dir.resolve("reports");
    Path target = out.resolve("inventory.json");
    try (SnapshotCopy copy = SnapshotCopy.start(SnapshotFile.of(snapshot), out)) {
      assertThat(copy.commitTo(target)).isTrue();
    }
    assertThat(target).hasSameBinaryContentAs(snapshot);
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OTHERS_READ);
    assertThat(listing(out)).containsExactly(target);
  }

  @Test
  void aCopyReplacesAnOlderFile() throws IOException {
    Path snapshot = snapshot();
    Path target = Files.writeString(Files.createDirectories(dir.resolve("reports")).resolve("inventory.json"), "older");
    try (SnapshotCopy copy = SnapshotCopy.start(SnapshotFile.of(snapshot), target.getParent())) {
      assertThat(copy.commitTo(target)).isTrue();
    }
    assertThat(target).hasSameBinaryContentAs(snapshot);
  }

  /** The copy may hold the bytes before the change, or after: either way they are not what was audited. */
  @Test
  void aSnapshotChangedSinceItWasReadIsNotCommitted() throws IOException {
    Path snapshot = snapshot();
    Path out = Files.createDirectories(dir.resolve("reports"));
    SnapshotFile read = SnapshotFile.of(snapshot);
    try (SnapshotCopy copy = SnapshotCopy.start(read, out)) {
      Files.writeString(snapshot, "{}");
      assertThat(copy.commitTo(out.resolve("inventory.json"))).isFalse();
    }
    assertThat(listing(out)).isEmpty();
  }

  @Test
  void aCopyThatFailedIsNotCommitted() throws IOException {
    Path snapshot = snapshot();
    SnapshotFile read = SnapshotFile.of(snapshot);
    Files.delete(snapshot);
    Path out = Files.createDirectories(dir.resolve("reports"));
    try (SnapshotCopy copy = SnapshotCopy.start(read, out)) {
      assertThat(copy.commitTo(out.resolve("inventory.json"))).isFalse();
    }
    assertThat(listing(out)).isEmpty();
  }

  @Test
  void aTargetInAnotherFolderIsNotCommittedTo() throws IOException {
    Path snapshot = snapshot();
    Path out = Files.createDirectories(dir.resolve("reports"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("inventory.json");
    try (SnapshotCopy copy = SnapshotCopy.start(SnapshotFile.of(snapshot), out)) {
      assertThat(copy.commitTo(elsewhere)).isFalse();
    }
    assertThat(elsewhere).doesNotExist();
    assertThat(listing(out)).isEmpty();
  }

  /** A run that fails before its reports leaves nothing: not the copy, not the folders made for it. */
  @Test
  void closingWithoutCommittingRemovesTheCopyAndTheFoldersItCreated() throws IOException {
    Path snapshot = snapshot();
    Path out = dir.resolve("a").resolve("b").resolve("reports");
    SnapshotCopy copy = SnapshotCopy.start(SnapshotFile.of(snapshot), out);
    assertThat(out).isDirectory();
    copy.close();
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(listing(dir)).containsExactly(snapshot);
  }

  @Test
  void closingWithoutCommittingLeavesAFolderThatExistedAndItsFiles() throws IOException {
    Path snapshot = snapshot();
    Path out = Files.createDirectories(dir.resolve("reports"));
    Path mine = Files.writeString(out.resolve("notes.txt"), "mine");
    SnapshotCopy.start(SnapshotFile.of(snapshot), out).close();
    assertThat(listing(out)).containsExactly(mine);
  }

  @Test
  void noCopyStartsWhereTheFolderCannotBeMade() throws IOException {
    Path snapshot = snapshot();
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    assertThat(SnapshotCopy.start(SnapshotFile.of(snapshot), file.resolve("reports"))).isNull();
    assertThat(file).hasContent("x");
  }
}
