package dev.fargateciaudit.output;

import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * The reports of one run in an output folder ({@code audit --out}, {@code merge --out}), and what
 * the run may do to the files already there.
 *
 * <ul>
 *   <li>The run holds an advisory lock on the folder's {@value #MANIFEST} from the moment it starts
 *       writing until its files are in place; a second run waits for it, at most
 *       {@code FCA_OUT_LOCK_WAIT} seconds (default {@value #DEFAULT_WAIT_SECONDS}), then gives up
 *       with exit code 2. Two runs never mix their files.
 *   <li>Reports are written into a private staging folder inside the folder, and moved into place
 *       together at the end ({@link #commit}). A run that fails or is stopped (SIGTERM, SIGINT) leaves
 *       the folder as it was; its staging folder is removed by {@link TemporaryFiles}' shutdown hook,
 *       or, after a SIGKILL, by the next run.
 *   <li>A run replaces or removes only files that the manifest records as written by an earlier run
 *       and that are unchanged since (same size and CRC-32C); never a file named as an input of the
 *       run; and only files with the names of this tool's reports. A report name taken by any other
 *       file is bad input, found before anything is moved.
 * </ul>
 *
 * <p>The manifest is one small JSON file, also the lock: it is rewritten in place, under the lock,
 * after the files are moved. A manifest cut short by a crash proves nothing, so the next run then
 * replaces nothing it finds (it says so, and which file is in the way).
 */
public final class OutputFolder implements AutoCloseable {
  static final String MANIFEST = ".fargate-ci-audit";
  static final String STAGING_PREFIX = ".fargate-ci-audit-staging-";
  static final int DEFAULT_WAIT_SECONDS = 60;
  /** A manifest lists at most the five reports: anything larger is not one. */
  private static final int MAX_MANIFEST_BYTES = 64 * 1024;

  /** What the manifest holds: the files the last run wrote here, as it wrote them. */
  record Manifest(String tool, List<Entry> files) {
    Manifest {
      files = files == null ? List.of() : List.copyOf(files);
    }
  }

  /** One file: its name in the folder, size and CRC-32C (hex). */
  record Entry(String name, long size, String crc32c) {}

  private final Path dir;
  private final Set<String> names;
  private final List<Path> inputs;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Path staging;
  private boolean committed;

  private OutputFolder(Path dir, Set<String> names, List<Path> inputs, FileChannel lockChannel, FileLock lock, Path staging) {
    this.dir = dir;
    this.names = names;
    this.inputs = inputs;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.staging = staging;
  }

  /**
   * Locks {@code dir} (created if needed) and makes the run's staging folder in it.
   *
   * @param names the file names this tool writes there (the only ones it may ever replace or remove)
   * @param inputs the files the run reads: never replaced or removed
   */
  public static OutputFolder open(Path dir, Set<String> names, Collection<Path> inputs) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new BadInputException(dir.toString(), 0, 0,
          "is a file, not a folder (expected --out DIR, the folder the reports are written to)");
    }
    Files.createDirectories(dir);
    Path manifest = dir.resolve(MANIFEST);
    if (Files.exists(manifest, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadInputException(manifest.toString(), 0, 0, "is not a regular file (expected this tool's manifest, or nothing)");
    }
    FileChannel channel = FileChannel.open(manifest, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock = acquire(channel, dir, waitLimit());
      removeAbandonedStaging(dir);
      Path staging = TemporaryFiles.createDirectory(
          dir.resolve(STAGING_PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)));
      return new OutputFolder(dir, Set.copyOf(names), List.copyOf(inputs), channel, lock, staging);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Where the run writes its files, by their final names. */
  public Path staging() {
    return staging;
  }

  /**
   * Moves the staged files {@code written} (names, in the order to report them) into the folder,
   * removes this tool's files of an earlier run that this run did not write, and records the
   * manifest. Checks everything first: a report name held by a file this tool cannot prove it wrote,
   * or by an input the run would change, is a {@link BadInputException} and nothing moves.
   *
   * @param protectedPaths more paths never to remove (a snapshot the run saves there afterwards)
   * @param known what was written into some of the staged files, by name, as the writes saw it; the
   *     others are read back to record them
   * @return the files in place, in the order of {@code written}
   */
  public List<Path> commit(List<String> written, Collection<Path> protectedPaths, Map<String, AtomicFiles.Written> known)
      throws IOException {
    Map<String, Entry> previous = previousManifest(lockChannel, names);
    List<Path> keep = new ArrayList<>(inputs);
    keep.addAll(protectedPaths);
    Map<String, Entry> staged = new LinkedHashMap<>();
    List<String> toMove = new ArrayList<>();
    for (String name : written) {
      AtomicFiles.Written w = known.get(name);
      Entry now = w != null ? new Entry(name, w.size(), w.crc32c()) : entry(staging.resolve(name), name);
      Path target = dir.resolve(name);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        if (isOneOf(target, keep)) {
          // An input already holding exactly these bytes (a snapshot reported as it was read) stays as it is.
          if (now.equals(entry(target, name))) continue;
          throw new BadInputException(target.toString(), 0, 0, "is an input of this run, and this run would replace it"
              + " (expected an --out folder that holds none of the run's inputs)");
        }
        if (!owned(target, previous.get(name))) throw notOurs(target);
      }
      staged.put(name, now);
      toMove.add(name);
    }
    List<Path> stale = new ArrayList<>();
    for (String name : names) {
      Path target = dir.resolve(name);
      if (written.contains(name) || !Files.exists(target, LinkOption.NOFOLLOW_LINKS) || isOneOf(target, keep)) continue;
      if (owned(target, previous.get(name))) stale.add(target);
    }
    TemporaryFiles.moveIntoPlace(() -> {
      for (Path s : stale) Files.deleteIfExists(s);
      for (String name : toMove) AtomicFiles.move(staging.resolve(name), dir.resolve(name));
      byte[] manifest = Mappers.json().writeValueAsBytes(new Manifest("fargate-ci-audit", List.copyOf(staged.values())));
      lockChannel.truncate(0);
      lockChannel.write(ByteBuffer.wrap(manifest), 0);
      lockChannel.force(false);
      committed = true;
    });
    List<Path> out = new ArrayList<>();
    for (String name : written) out.add(dir.resolve(name));
    return out;
  }

  /** Removes the staging folder (with whatever a failed run left in it) and releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      TemporaryFiles.delete(staging);
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }

  /** True once {@link #commit} has moved the files into place. */
  public boolean committed() {
    return committed;
  }

  private static BadInputException notOurs(Path target) {
    return new BadInputException(target.toString(), 0, 0, "was not written by an earlier run of this tool, or was changed"
        + " since (expected this tool's own report, which it may replace; move the file away or choose another --out)");
  }

  /** The files the manifest records, by name; only names in {@code names}. Unreadable, it proves nothing. */
  private static Map<String, Entry> previousManifest(FileChannel manifest, Set<String> names) {
    Map<String, Entry> byName = new LinkedHashMap<>();
    try {
      long size = manifest.size();
      if (size == 0 || size > MAX_MANIFEST_BYTES) return byName;
      ByteBuffer bytes = ByteBuffer.allocate((int) size);
      for (int n = 0; n >= 0 && bytes.hasRemaining(); ) n = manifest.read(bytes, bytes.position());
      Manifest m = Mappers.json().readValue(bytes.array(), 0, bytes.position(), Manifest.class);
      for (Entry e : m.files()) if (e != null && e.name() != null && names.contains(e.name())) byName.put(e.name(), e);
    } catch (IOException e) {
      return new LinkedHashMap<>();
    }
    return byName;
  }

  private static boolean owned(Path file, Entry recorded) throws IOException {
    if (recorded == null) return false;
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return a.isRegularFile() && a.size() == recorded.size() && crc32c(file).equals(recorded.crc32c());
  }

  private static Entry entry(Path file, String name) throws IOException {
    return new Entry(name, Files.size(file), crc32c(file));
  }

  /**
   * CRC-32C, not a cryptographic hash: it proves a file unchanged since this tool wrote it (anyone
   * who can forge one can write the folder anyway), and it costs a fraction of SHA-256, which on the
   * launcher's C1-only JVM hashes 180 MB/s.
   */
  static String crc32c(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) crc.update(buffer, 0, n);
    }
    return AtomicFiles.Written.hex(crc);
  }

  private static boolean isOneOf(Path target, List<Path> paths) {
    for (Path p : paths) {
      if (p != null && (OutputPaths.same(p, target) || OutputPaths.inside(target, p))) return true;
    }
    return false;
  }

  private static Duration waitLimit() {
    String value = System.getenv("FCA_OUT_LOCK_WAIT");
    if (value == null || value.isBlank()) return Duration.ofSeconds(DEFAULT_WAIT_SECONDS);
    if (!value.trim().matches("\\d{1,6}")) {
      throw new IllegalArgumentException("FCA_OUT_LOCK_WAIT is not a number of seconds (expected e.g. 60)");
    }
    return Duration.ofSeconds(Long.parseLong(value.trim()));
  }

  private static FileLock acquire(FileChannel channel, Path dir, Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) return lock;
      } catch (OverlappingFileLockException e) {
        // Another run in this JVM holds it: wait as for another process.
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new BadInputException(dir.toString(), 0, 0, "another fargate-ci-audit run is writing to this folder (waited "
            + wait.toSeconds() + " s for it to finish; FCA_OUT_LOCK_WAIT sets how long to wait)");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the lock of " + dir, e);
      }
    }
  }

  /** Staging folders left by a run that was killed outright (no shutdown hook runs on SIGKILL). */
  private static void removeAbandonedStaging(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
      for (Path p : entries) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) TemporaryFiles.deleteTree(p);
      }
    }
  }
}
