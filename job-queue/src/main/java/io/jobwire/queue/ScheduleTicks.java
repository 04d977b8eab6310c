package io.jobwire.queue;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A schedule's ticks, by cron-utils: five fields are read as Unix cron (minute first), six as
 * Spring's (second first). Parsed expressions are cached; any thread.
 */
final class ScheduleTicks {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser WITH_SECONDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));
  private static final Map<String, ExecutionTime> PARSED = new ConcurrentHashMap<>();

  private ScheduleTicks() {}

  /** Throws a clear {@link IllegalArgumentException} for an expression that is not cron. */
  static void check(String name, String cron) {
    try {
      executionTime(cron);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "schedule "
              + name
              + ": bad cron '"
              + cron
              + "' (five fields, minute first, or six with seconds first): "
              + e.getMessage(),
          e);
    }
  }

  static long nextAfter(Schedule schedule, long epochMillis) {
    if (schedule.every() != null) {
      long every = schedule.every().toMillis();
      return Math.floorDiv(epochMillis, every) * every + every;
    }
    ExecutionTime time = executionTime(schedule.cron());
    ZonedDateTime after = Instant.ofEpochMilli(epochMillis).atZone(schedule.zone());
    while (true) {
      ZonedDateTime next = time.nextExecution(after).orElse(null);
      if (next == null) {
        throw new IllegalStateException(
            "schedule " + schedule.name() + " has no tick after " + after);
      }
      long millis = next.toInstant().toEpochMilli();
      if (millis > epochMillis) {
        return millis;
      }
      after = next.plusNanos(1_000_000);
    }
  }

  private static ExecutionTime executionTime(String cron) {
    return PARSED.computeIfAbsent(
        cron,
        text -> {
          String trimmed = text.trim();
          if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty");
          }
          int fields = trimmed.split("\\s+").length;
          CronParser parser =
              switch (fields) {
                case 5 -> UNIX;
                case 6 -> WITH_SECONDS;
                default ->
                    throw new IllegalArgumentException("it has " + fields + " fields, not 5 or 6");
              };
          Cron parsed = parser.parse(trimmed);
          parsed.validate();
          return ExecutionTime.forCron(parsed);
        });
  }
}
