package dev.fargateciaudit.output;

import dev.fargateciaudit.input.InputFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether two paths name the same file, or one lies in a folder, whether or not they exist yet. */
public final class OutputPaths {
  private OutputPaths() {}

  /** True when {@code a} and {@code b} are the same file: the same path, or (both existing) the same inode. */
  public static boolean same(Path a, Path b) {
    if (real(a).equals(real(b))) return true;
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** True when {@code folder} is a folder and {@code file} lies somewhere under it. */
  public static boolean inside(Path file, Path folder) {
    return Files.isDirectory(folder) && !same(file, folder) && real(file).startsWith(real(folder));
  }

  /** The absolute path with links resolved as far as it exists; the rest as written, normalised. */
  static Path real(Path p) {
    return InputFolder.linksResolved(p).orElse(p.toAbsolutePath().normalize());
  }
}
