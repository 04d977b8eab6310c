package io.jobwire.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code --topics-file}: a JSON object of topic name to options, for example
 *
 * <pre>
 * {"clock":  {"every": 1000, "shared": true},
 *  "report": {"max_attempts": 2, "timeout": 30000, "retention": {"count": 10, "ms": 60000}},
 *  "inbox":  {"every": 5000, "shared": true, "private": true},
 *  "render": {"max_jobs_per_user": 2, "max_running": 4, "max_running_per_user": 1, "rate": "10/s"},
 *  "report-feed": {"scheduled": true},
 *  "schedules": [
 *    {"name": "nightly", "topic": "report", "cron": "0 3 * * *", "zone": "Europe/Berlin"},
 *    {"name": "warm", "topic": "warm", "every": 300000, "misfire": "run_once"}]}
 * </pre>
 *
 * Times are milliseconds. {@code schedules} (an array, so never a topic's options) lists recurring
 * background jobs: the broker puts them into Redis at start ({@link #schedules}); the front end
 * skips it. The flow limits ({@code max_running}, {@code max_running_per_user}, {@code rate}; see
 * {@link FlowLimits}) are written to Redis when the front end starts ({@link #limits}), for every
 * broker to enforce. Unknown fields are refused, so a typo does not pass silently.
 */
public final class TopicsFile {
  private static final Set<String> FIELDS =
      Set.of(
          "every",
          "shared",
          "private",
          "max_attempts",
          "timeout",
          "retention",
          "max_jobs_per_user",
          "scheduled",
          "max_running",
          "max_running_per_user",
          "rate");
  private static final Set<String> LIMITS = Set.of("max_running", "max_running_per_user", "rate");

  private static final Set<String> SCHEDULE_FIELDS =
      Set.of("name", "topic", "params", "cron", "every", "zone", "misfire");

  /** The top-level key that holds schedules instead of a topic's options. */
  static final String SCHEDULES = "schedules";

  private TopicsFile() {}

  /** The schedules of the file ({@code "schedules": [...]}); none when it has none. */
  public static List<Schedule> schedules(Path file) {
    return fromFile(file, root -> schedules(root));
  }

  public static List<Schedule> schedules(JsonNode root) {
    JsonNode list = root.path(SCHEDULES);
    if (list.isMissingNode()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("schedules must be an array of schedules");
    }
    List<Schedule> out = new ArrayList<>();
    for (JsonNode node : list) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                if (!SCHEDULE_FIELDS.contains(name)) {
                  throw new IllegalArgumentException(
                      "schedule "
                          + node.path("name").asText("?")
                          + ": unknown field '"
                          + name
                          + "' (known: "
                          + SCHEDULE_FIELDS
                          + ")");
                }
              });
      out.add(
          new Schedule(
              node.path("name").asText(null),
              node.path("topic").asText(null),
              node.get("params"),
              node.hasNonNull("cron") ? node.get("cron").asText() : null,
              node.hasNonNull("every") ? Duration.ofMillis(node.get("every").asLong()) : null,
              node.hasNonNull("zone") ? ZoneId.of(node.get("zone").asText()) : null,
              node.hasNonNull("misfire")
                  ? Schedule.Misfire.fromWire(node.get("misfire").asText())
                  : null));
    }
    return out;
  }

  static Map<String, TopicOptions> read(Path file) {
    return fromFile(file, TopicsFile::parse);
  }

  /** The flow limits of the topics that name any, by topic. */
  public static Map<String, FlowLimits> limits(Path file) {
    return fromFile(file, TopicsFile::limits);
  }

  private static <T> T fromFile(Path file, Function<JsonNode, T> reader) {
    try {
      return reader.apply(Codec.parse(Files.readString(file)));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --topics-file " + file + ": " + e, e);
    } catch (Exception e) {
      throw new IllegalArgumentException("--topics-file " + file + ": " + e.getMessage(), e);
    }
  }

  public static Map<String, FlowLimits> limits(JsonNode root) {
    parse(root); // refuses what it refuses
    Map<String, FlowLimits> out = new LinkedHashMap<>();
    root.fields()
        .forEachRemaining(
            entry -> {
              JsonNode node = entry.getValue();
              if (LIMITS.stream().anyMatch(node::has)) {
                out.put(
                    entry.getKey(),
                    FlowLimits.NONE
                        .withMaxRunning(node.path("max_running").asInt(0))
                        .withMaxRunningPerUser(node.path("max_running_per_user").asInt(0))
                        .withRate(node.path("rate").asText("0")));
              }
            });
    return out;
  }

  public static Map<String, TopicOptions> parse(JsonNode root) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("must be a JSON object of topic -> options");
    }
    Map<String, TopicOptions> out = new LinkedHashMap<>();
    root.fields()
        .forEachRemaining(
            entry -> {
              if (!entry.getKey().equals(SCHEDULES) || !entry.getValue().isArray()) {
                out.put(entry.getKey(), options(entry.getKey(), entry.getValue()));
              }
            });
    return out;
  }

  private static TopicOptions options(String topic, JsonNode node) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(
                    "topic " + topic + ": unknown option '" + name + "' (known: " + FIELDS + ")");
              }
            });
    Duration every = node.has("every") ? Duration.ofMillis(node.get("every").asLong()) : null;
    Duration timeout = node.has("timeout") ? Duration.ofMillis(node.get("timeout").asLong()) : null;
    ResumeWindow retention = null;
    if (node.has("retention")) {
      JsonNode r = node.get("retention");
      retention =
          new ResumeWindow(
              r.path("count").asInt(ResumeWindow.DEFAULT_MAX_MESSAGES),
              Duration.ofMillis(r.path("ms").asLong(ResumeWindow.DEFAULT_KEEP_FOR.toMillis())));
    }
    return new TopicOptions(
        every,
        node.path("shared").asBoolean(false),
        node.path("private").asBoolean(false),
        node.path("max_attempts").asInt(0),
        timeout,
        retention,
        node.path("max_jobs_per_user").asInt(0),
        node.path("scheduled").asBoolean(false));
  }
}
