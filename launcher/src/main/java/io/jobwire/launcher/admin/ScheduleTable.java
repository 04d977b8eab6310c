package io.jobwire.launcher.admin;

import io.jobwire.queue.MonitorSnapshot.ScheduleInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Schedules as a table, for {@code jobwire status} and {@code jobwire schedule list}. */
public final class ScheduleTable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private ScheduleTable() {}

  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  public static String of(List<ScheduleInfo> schedules) {
    if (schedules.isEmpty()) {
      return "no schedules (add one: jobwire schedule add --help)\n";
    }
    var out = new StringBuilder();
    out.append(
        "%-20s %-16s %-19s %-19s %-10s %5s %7s  %s%n"
            .formatted(
                "SCHEDULE", "TOPIC", "NEXT RUN", "LAST RUN", "OUTCOME", "RUNS", "SKIPPED", "WHEN"));
    for (ScheduleInfo s : schedules) {
      out.append(
          "%-20s %-16s %-19s %-19s %-10s %5d %7d  %s (misfire %s)%n"
              .formatted(
                  s.name(),
                  s.topic(),
                  time(s.nextRun()),
                  s.lastRun() == null ? "never" : time(s.lastRun()),
                  s.lastOutcome().isEmpty() ? "-" : s.lastOutcome(),
                  s.runs(),
                  s.skipped(),
                  s.when(),
                  s.misfire()));
    }
    return out.toString();
  }
}
