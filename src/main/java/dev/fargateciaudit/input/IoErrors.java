package dev.fargateciaudit.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What went wrong with a file, in words: the operating system's reason ("no space left on device"),
 * never the name of the Java exception that carried it.
 */
public final class IoErrors {
  private IoErrors() {}

  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException) return "no such file or folder";
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof FileAlreadyExistsException) return "already exists";
    if (e instanceof DirectoryNotEmptyException) return "folder not empty";
    if (e instanceof NotDirectoryException) return "not a folder";
    if (e instanceof FileSystemLoopException) return "a symbolic link loop";
    String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    if (reason == null || reason.isBlank()) return "input/output error";
    String one = reason.strip().split("\\R", 2)[0];
    return one.substring(0, 1).toLowerCase(Locale.ROOT) + one.substring(1);
  }

  /** The file an I/O failure concerns, when it names one. */
  public static String file(IOException e) {
    return e instanceof FileSystemException fse ? fse.getFile() : null;
  }

  /** {@code FILE: reason} or just the reason, for an I/O failure reported as one line. */
  public static String oneLine(Exception e) {
    IOException io = e instanceof UncheckedIOException u ? u.getCause() : e instanceof IOException i ? i : null;
    if (io == null) return e.getMessage();
    String file = file(io);
    return (file == null ? "" : file + ": ") + describe(io);
  }
}
