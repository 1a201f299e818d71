package dev.fargateciaudit.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A snapshot file as it was when an audit read it: a report can copy its bytes instead of
 * serialising the same inventory again, as long as the file has not changed since.
 */
public record SnapshotFile(Path path, long size, FileTime modified) {
  /** {@code file} as it is now, or null when it cannot be read (the load then reports why). */
  public static SnapshotFile of(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.isRegularFile() ? new SnapshotFile(file, a.size(), a.lastModifiedTime()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** True when the file still has the size and modification time it had when it was read. */
  public boolean unchanged() {
    SnapshotFile now = of(path);
    return now != null && now.size == size && now.modified.equals(modified);
  }
}
