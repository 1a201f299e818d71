package dev.fargateciaudit.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;

/** Turns Jackson's exceptions into one-line, positioned {@link BadInputException}s. */
public final class JacksonErrors {
  private JacksonErrors() {}

  public static BadInputException toBadInput(String file, JacksonException e) {
    JsonLocation loc = e.getLocation();
    int line = loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    int col = loc == null ? 0 : Math.max(loc.getColumnNr(), 0);
    return new BadInputException(file, line, col, describe(e), e);
  }

  private static String describe(JacksonException e) {
    String path = "";
    if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      path = " at " + jme.getPath().stream()
          .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }
    if (e instanceof UnrecognizedPropertyException upe) {
      return "unknown field '" + upe.getPropertyName() + "'" + path
          + " (expected one of " + upe.getKnownPropertyIds() + ")";
    }
    String msg = e.getOriginalMessage();
    if (msg == null) msg = e.getClass().getSimpleName();
    // Jackson quotes the offending source; keep the message to one short line.
    msg = msg.replaceAll("\\s+", " ");
    if (msg.length() > 300) msg = msg.substring(0, 300) + "...";
    return msg + path;
  }
}
