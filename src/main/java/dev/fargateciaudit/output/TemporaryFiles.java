package dev.fargateciaudit.output;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The temporary files and folders of this process (a report's temporary sibling, a run's staging
 * folder), removed by a shutdown hook when the JVM is stopped (SIGTERM, SIGINT) before they are
 * moved into place or removed. Creating, moving into place and the hook are serialised on one lock:
 * a move in progress finishes before the hook runs, and nothing is created or moved into place after
 * it has run, so a stopped run leaves neither temporary files nor a half-replaced set of reports.
 */
public final class TemporaryFiles {
  private static final Object LOCK = new Object();
  private static final FileAttribute<?> OWNER_ONLY_FILE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<?> OWNER_ONLY_FOLDER = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final Set<Path> LIVE = new LinkedHashSet<>();
  private static boolean hookInstalled;
  private static boolean stopping;

  private TemporaryFiles() {}

  /** What is done under the lock while moving files into place. */
  @FunctionalInterface
  public interface Step {
    void run() throws IOException;
  }

  /**
   * Creates {@code file} (which must not exist), and the folders above it, as a temporary file:
   * owner-only when {@code ownerOnly}, else as the umask says. Nothing is created once the JVM stops
   * (not even a folder the hook has just removed).
   */
  public static Path createFile(Path file, boolean ownerOnly) throws IOException {
    synchronized (LOCK) {
      register(file);
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        return ownerOnly ? Files.createFile(file, OWNER_ONLY_FILE) : Files.createFile(file);
      } catch (UnsupportedOperationException e) {
        return Files.createFile(file);
      }
    }
  }

  /** Creates {@code dir} (which must not exist) as an owner-only temporary folder. */
  public static Path createDirectory(Path dir) throws IOException {
    synchronized (LOCK) {
      register(dir);
      try {
        return Files.createDirectory(dir, OWNER_ONLY_FOLDER);
      } catch (UnsupportedOperationException e) {
        return Files.createDirectory(dir);
      }
    }
  }

  /** Runs {@code step} (moving temporary files into place) unless the JVM is stopping, which it refuses. */
  public static void moveIntoPlace(Step step) throws IOException {
    synchronized (LOCK) {
      if (stopping) throw new IOException("the run was stopped");
      step.run();
    }
  }

  /** {@code path} is no longer temporary (moved into place) or is gone. */
  public static void release(Path path) {
    synchronized (LOCK) {
      LIVE.remove(path);
    }
  }

  /** Removes {@code path} (a file, or a folder with what it holds) and forgets it. */
  public static void delete(Path path) throws IOException {
    try {
      deleteTree(path);
    } finally {
      release(path);
    }
  }

  private static void register(Path path) throws IOException {
    if (stopping) throw new IOException("the run was stopped");
    if (!hookInstalled) {
      Runtime.getRuntime().addShutdownHook(new Thread(TemporaryFiles::removeAll, "fargate-ci-audit-cleanup"));
      hookInstalled = true;
    }
    LIVE.add(path);
  }

  private static void removeAll() {
    synchronized (LOCK) {
      stopping = true;
      for (Path p : LIVE) {
        try {
          deleteTree(p);
        } catch (IOException e) {
          // The JVM is going down: what cannot be removed now stays, as it would have anyway.
        }
      }
      LIVE.clear();
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(path);
      return;
    }
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) throw e;
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // Already gone.
    }
  }
}
