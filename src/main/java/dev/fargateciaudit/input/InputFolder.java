package dev.fargateciaudit.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * A folder of input files ({@code --planned DIR}, {@code --rules DIR}) and the paths its files name.
 * Everything read from it must be inside it once symbolic links are followed: a linked sub-folder
 * or file that stays inside is read like any other, one that leads outside is bad input naming the
 * path (never what it leads to), and a link loop is bad input too. Nothing is skipped silently.
 */
public final class InputFolder {
  private final Path dir;
  private final Path real;

  private InputFolder(Path dir, Path real) {
    this.dir = dir;
    this.real = real;
  }

  /** @throws BadInputException when {@code dir} is not a folder */
  public static InputFolder of(Path dir, String expected) {
    if (!Files.isDirectory(dir)) throw new BadInputException(dir.toString(), 0, 0, "not a folder (expected " + expected + ")");
    try {
      return new InputFolder(dir, dir.toRealPath());
    } catch (IOException e) {
      throw new BadInputException(dir.toString(), 0, 0, "cannot read: " + IoErrors.describe(e));
    }
  }

  public Path path() {
    return dir;
  }

  /**
   * Every file under the folder that is not a folder (regular files, and FIFOs or devices, which the
   * reader then refuses), in path order, links followed, each inside the folder; a file reached by
   * two paths (a link to a sub-folder beside the sub-folder) once, by its first path.
   */
  public List<Path> files() {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          inside(d);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          inside(f);
          files.add(f);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          if (e instanceof FileSystemLoopException) {
            throw new BadInputException(f.toString(), 0, 0, "a symbolic link that leads back into a folder above it"
                + " (expected a folder of files, links that stay inside it allowed)");
          }
          if (e instanceof NoSuchFileException) {
            throw new BadInputException(f.toString(), 0, 0, "a symbolic link to nothing (expected a file)");
          }
          throw new BadInputException(f.toString(), 0, 0, "cannot read: " + IoErrors.describe(e));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    Set<Path> seen = new HashSet<>();
    return files.stream().filter(f -> seen.add(identity(f))).toList();
  }

  /**
   * True when {@code p} lies inside the folder once links are followed; a path that does not exist
   * is judged by its nearest existing parent, so that {@code ../x} is outside whether or not it exists.
   */
  public boolean contains(Path p) {
    return linksResolved(p).map(r -> r.startsWith(real)).orElse(false);
  }

  /**
   * {@code p} made absolute, its links resolved as far as it exists and the rest as written; empty
   * when no part of it exists or that part cannot be resolved (callers decide what that means).
   */
  public static Optional<Path> linksResolved(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) return Optional.empty();
    try {
      return Optional.of(existing.toRealPath().resolve(existing.relativize(abs)).normalize());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The file's real path (links followed), to tell two names of one file apart from two files. */
  public static Path identity(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  private void inside(Path p) {
    if (!contains(p)) {
      throw new BadInputException(p.toString(), 0, 0, "leads outside " + dir + " (a symbolic link; expected files inside the folder)");
    }
  }
}
