package dev.fargateciaudit.input;

/** A command or option whose implementation has not landed yet; the CLI says so and exits 2. */
public final class NotYetAvailableException extends RuntimeException {
  public NotYetAvailableException(String what, int issue) {
    super(what + " is not available yet (tracked in issue #" + issue + ")");
  }
}
