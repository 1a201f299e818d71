package dev.fargateciaudit.findings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputKind;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the {@code findings.json} a user names for {@code diff}, {@code merge} or {@code --baseline}:
 * the file itself or the results folder that holds it, and says plainly when the file is an
 * inventory snapshot (an easy slip: both are JSON in the same folder) instead of reporting the first
 * field the findings schema does not expect.
 */
public final class FindingsFile {
  public static final String NAME = "findings.json";

  private FindingsFile() {}

  /** @throws BadInputException when it is missing (the file as given, or the folder's findings.json), a snapshot, or not a findings.json */
  public static FindingsDocument read(Path fileOrFolder) {
    Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve(NAME) : fileOrFolder;
    try {
      return FindingsJson.read(file);
    } catch (BadInputException e) {
      if (isSnapshot(file)) {
        throw new BadInputException(file.toString(), 1, 1,
            "this is an inventory snapshot, not findings (expected the findings.json of an audit, e.g. audit --snapshot "
                + file.getFileName() + " --out DIR, then DIR/findings.json)");
      }
      throw e;
    }
  }

  /** True when the top-level object has the snapshot's lists and no {@code findings}: its field names only, not its values. */
  static boolean isSnapshot(Path file) {
    Set<String> fields = new HashSet<>();
    try (InputStream in = InputFiles.open(file, file.toString(), InputKind.FINDINGS);
        JsonParser p = Mappers.json().getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        fields.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
    } catch (IOException | BadInputException e) {
      // Not JSON throughout, or not readable: whatever it is, FindingsJson's error says where.
    }
    return !fields.contains("findings") && (fields.contains("taskDefinitions") || fields.contains("vpcs"));
  }
}
