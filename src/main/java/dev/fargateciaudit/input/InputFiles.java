package dev.fargateciaudit.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file whole, turning I/O failures into the one-line bad-input contract. */
public final class InputFiles {
  private InputFiles() {}

  /** The file's bytes; a missing or unreadable file is a {@link BadInputException} naming it. */
  public static byte[] readAllBytes(Path file) {
    String name = file.toString();
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(name, 0, 0, "file not found");
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + e.getMessage());
    }
  }
}
