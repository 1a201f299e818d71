package dev.fargateciaudit.input;

/**
 * Input the tool cannot accept (config, rule, snapshot, TOML, policy JSON, waivers). The CLI
 * prints {@link #oneLine()} and exits 2; nothing is evaluated and nothing is written.
 */
public final class BadInputException extends RuntimeException {
  private final String file;
  private final int line;
  private final int column;

  public BadInputException(String file, int line, int column, String message) {
    this(file, line, column, message, null);
  }

  public BadInputException(String file, int line, int column, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public String file() { return file; }
  public int line() { return line; }
  public int column() { return column; }

  /** {@code FILE:LINE:COL: message}; line and column are omitted when unknown (0). */
  public String oneLine() {
    StringBuilder sb = new StringBuilder(file == null ? "<input>" : file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) sb.append(':').append(column);
    }
    String msg = getMessage() == null ? "invalid input" : getMessage();
    return sb.append(": ").append(msg).toString().replaceAll("[\\r\\n]+", " ");
  }
}
