package dev.fargateciaudit.inventory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression compiled on first use. The secret classifier has dozens of patterns, each
 * run only on values that contain its literal; most runs (a planned task definition at the gate,
 * a scan of a small estate) need a handful, so compiling all of them up front is start-up time
 * spent for nothing.
 */
final class LazyPattern {
  private final String regex;
  private volatile Pattern pattern;

  LazyPattern(String regex) {
    this.regex = regex;
  }

  Matcher matcher(CharSequence input) {
    Pattern p = pattern;
    if (p == null) pattern = p = Pattern.compile(regex);
    return p.matcher(input);
  }

  String regex() {
    return regex;
  }
}
