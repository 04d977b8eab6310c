package io.jobwire.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobwire.protocol.TopicNames;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A recurring background job: a job of {@code topic} with {@code params} is queued at every tick,
 * with nobody subscribed. Ticks come from a cron expression (five fields, or six with seconds
 * first) read in {@code zone}, or from a fixed interval ({@code every}, ticks at whole multiples of
 * it since the epoch, so every broker computes the same ones).
 *
 * <pre>{@code
 * Schedule nightly = Schedule.cron("nightly-report", "report", "0 3 * * *")
 *     .withZone(ZoneId.of("Europe/Berlin"));
 * Schedule warm = Schedule.every("cache-warm", "warm", Duration.ofMinutes(5));
 * }</pre>
 *
 * @param name its name, unique in the namespace (topic-name rules)
 * @param topic the topic of the jobs it queues
 * @param params the params of each job (an object)
 * @param cron a cron expression, or null with {@code every}
 * @param every the interval, or null with {@code cron}
 * @param zone the time zone {@code cron} is read in (UTC by default)
 * @param misfire what happens to a tick missed while no broker ran (see {@link Misfire})
 */
public record Schedule(
    String name,
    String topic,
    JsonNode params,
    String cron,
    Duration every,
    ZoneId zone,
    Misfire misfire) {

  /** The default time zone. */
  public static final ZoneId UTC = ZoneId.of("UTC");

  /** The shortest interval accepted. */
  public static final Duration MIN_EVERY = Duration.ofMillis(100);

  /** What to do with a tick no broker fired in time (a broker was down, or Redis was). */
  public enum Misfire {
    /** Skip the missed ticks: the next run is the next tick from now (the default). */
    SKIP,
    /** Run once for all the missed ticks, at once, then carry on with the next tick. */
    RUN_ONCE;

    /** As written in the topics file and on the command line: {@code skip}, {@code run_once}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Misfire fromWire(String text) {
      for (Misfire m : values()) {
        if (m.wire().equals(text) || m.wire().replace('_', '-').equals(text)) {
          return m;
        }
      }
      throw new IllegalArgumentException("misfire must be skip or run_once, was '" + text + "'");
    }
  }

  public Schedule {
    TopicNames.require(name, "schedule name");
    TopicNames.require(topic, "topic");
    params = params == null ? JsonNodeFactory.instance.objectNode() : params;
    if (!params.isObject()) {
      throw new IllegalArgumentException("schedule " + name + ": params must be an object");
    }
    zone = zone == null ? UTC : zone;
    misfire = misfire == null ? Misfire.SKIP : misfire;
    if ((cron == null) == (every == null)) {
      throw new IllegalArgumentException("schedule " + name + ": give either cron or every");
    }
    if (every != null && every.compareTo(MIN_EVERY) < 0) {
      throw new IllegalArgumentException(
          "schedule " + name + ": every must be >= " + MIN_EVERY + ", was " + every);
    }
    if (cron != null) {
      ScheduleTicks.check(name, cron);
    }
  }

  public static Schedule cron(String name, String topic, String cron) {
    return new Schedule(name, topic, null, cron, null, null, null);
  }

  public static Schedule every(String name, String topic, Duration every) {
    return new Schedule(name, topic, null, null, every, null, null);
  }

  public Schedule withParams(JsonNode value) {
    return new Schedule(name, topic, value, cron, every, zone, misfire);
  }

  public Schedule withZone(ZoneId value) {
    return new Schedule(name, topic, params, cron, every, value, misfire);
  }

  public Schedule withMisfire(Misfire value) {
    return new Schedule(name, topic, params, cron, every, zone, value);
  }

  /** The first tick strictly after {@code epochMillis}, in epoch ms. */
  public long nextAfter(long epochMillis) {
    return ScheduleTicks.nextAfter(this, epochMillis);
  }

  /** {@code cron "EXPR" ZONE} or {@code every DURATION} ({@code every 5m}), for people. */
  public String describe() {
    return cron != null ? "cron \"" + cron + "\" " + zone.getId() : "every " + spoken(every);
  }

  /** {@code 2h}, {@code 5m}, {@code 30s} or {@code 500ms}: the largest unit that divides it. */
  private static String spoken(Duration interval) {
    long ms = interval.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
