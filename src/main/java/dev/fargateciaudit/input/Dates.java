package dev.fargateciaudit.input;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Dates as users write them: the one form every input and option takes. */
public final class Dates {
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private Dates() {}

  /**
   * Exactly {@code YYYY-MM-DD}, a day that exists; empty otherwise. {@link LocalDate#parse} alone
   * also takes {@code +999999999-12-31}, which would make a waiver last for ever.
   */
  public static Optional<LocalDate> day(String text) {
    if (text == null || !DAY.matcher(text).matches()) return Optional.empty();
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
