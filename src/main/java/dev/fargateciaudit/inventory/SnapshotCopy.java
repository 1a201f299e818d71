package dev.fargateciaudit.inventory;

import dev.fargateciaudit.input.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A snapshot file's bytes copied into the output folder on a thread of their own while the audit
 * loads and evaluates the same file, so that {@code inventory.json} (those bytes, when nothing is
 * laid over the snapshot) is ready when the reports are written.
 *
 * <p>Why ahead of time: at N = 100,000 the copy is 451 MB of the kernel's work: through the page
 * cache, 0.3 s where the memory it copies into was just freed and 0.8-1.6 s on the fresh pages of a
 * virtual machine that hands freed memory back to its host; past it ({@link AtomicFiles#transfer})
 * much less CPU, but still 0.2-0.35 s of waiting for the device (docs/performance.md). Made among
 * the reports, it ran after {@code findings.json} on one core, while the other core had finished
 * HTML and JUnit and was idle; made here, it shares both cores with the load.
 *
 * <p>Until {@link #commitTo} the copy is a hidden temporary file; {@link #close} removes it, and the
 * folders {@link #start} created if they are left empty, so a run that fails writes nothing.
 */
public final class SnapshotCopy implements AutoCloseable {
  private final SnapshotFile source;
  private final Path dir;
  private final Path temporary;
  /** The folders {@link #start} created, deepest first. */
  private final List<Path> created;
  private final FutureTask<Void> copy;
  private final Thread copier;
  private boolean committed;

  private SnapshotCopy(SnapshotFile source, Path dir, Path temporary, List<Path> created) {
    this.source = source;
    this.dir = dir;
    this.temporary = temporary;
    this.created = created;
    this.copy = new FutureTask<>(() -> {
      AtomicFiles.transfer(source.path(), temporary);
      return null;
    });
    this.copier = new Thread(copy, "snapshot-copy");
    copier.setDaemon(true);
  }

  /**
   * Starts copying {@code source} into a temporary file in {@code dir}, creating the folder if need
   * be; null when the folder or file cannot be created (the reporter then meets and reports the
   * same problem when it writes).
   */
  public static SnapshotCopy start(SnapshotFile source, Path dir) {
    Path folder = dir.toAbsolutePath().normalize();
    List<Path> created = new ArrayList<>();
    for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) created.add(p);
    Path temporary;
    try {
      Files.createDirectories(folder);
      temporary = AtomicFiles.temporary(folder, "snapshot-copy");
    } catch (IOException | RuntimeException e) {
      removeEmpty(created);
      return null;
    }
    SnapshotCopy started = new SnapshotCopy(source, folder, temporary, created);
    started.copier.start();
    return started;
  }

  /** The snapshot file this copies, as it was when the audit read it. */
  public SnapshotFile source() {
    return source;
  }

  /**
   * Waits for the copy and moves it onto {@code target} when it is complete, the snapshot has not
   * changed since it was read, and {@code target} is in the folder the copy was made in: true.
   * Otherwise false, and the caller writes {@code target} itself.
   *
   * @throws IOException when the move fails
   */
  public boolean commitTo(Path target) throws IOException {
    if (committed || !dir.equals(target.toAbsolutePath().normalize().getParent())) return false;
    try {
      copy.get();
    } catch (ExecutionException e) {
      return false; // writing the file itself meets the same problem, if it lasts, and reports it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying " + source.path());
    }
    if (!source.unchanged()) return false;
    AtomicFiles.commit(temporary, target);
    committed = true;
    return true;
  }

  /**
   * Stops a copy still running (its channel closes on the interrupt), removes the temporary file
   * unless it was committed, and the folders {@link #start} created if they are empty.
   */
  @Override
  public void close() {
    if (!copy.isDone()) copier.interrupt();
    boolean interrupted = false;
    while (copier.isAlive()) {
      try {
        copier.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (!committed) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        // Best effort, as for any temporary file: it is hidden and named as one.
      }
    }
    removeEmpty(created);
    if (interrupted) Thread.currentThread().interrupt();
  }

  private static void removeEmpty(List<Path> folders) {
    for (Path p : folders) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // not empty (the run's reports, or the user's files): neither is any folder above
      }
    }
  }
}
