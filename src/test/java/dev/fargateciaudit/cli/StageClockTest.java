package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --timings}: stages in the order they ran, the total, and the JVM's time since it started. */
class StageClockTest {
  @Test
  void theSummaryListsStagesInOrderAndTheJvmTimeLiesBetweenTheTotalAndTheUptimeAfter() throws Exception {
    StageClock clock = new StageClock();
    clock.time("load", () -> {
      Thread.sleep(20);
      return null;
    });
    clock.timeAsync("rules", () -> "compiled");
    clock.time("load", () -> null);
    String summary = clock.summary();
    long uptimeAfter = ManagementFactory.getRuntimeMXBean().getUptime();

    assertThat(summary).matches("timings: load \\d+ ms, rules \\(background\\) \\d+ ms, total \\d+ ms, since JVM start \\d+ ms");
    long load = number(summary, "load (\\d+) ms");
    long total = number(summary, "total (\\d+) ms");
    long sinceStart = number(summary, "since JVM start (\\d+) ms");
    assertThat(load).isGreaterThanOrEqualTo(20);
    assertThat(total).isGreaterThanOrEqualTo(load);
    // Not the wall clock against the process's start instant, which a stepped clock can put seconds off.
    assertThat(sinceStart).isGreaterThanOrEqualTo(total).isLessThanOrEqualTo(uptimeAfter);
  }

  private static long number(String s, String regex) {
    Matcher m = Pattern.compile(regex).matcher(s);
    assertThat(m.find()).as(regex).isTrue();
    return Long.parseLong(m.group(1));
  }
}
