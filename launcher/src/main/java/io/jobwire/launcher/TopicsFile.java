package io.jobwire.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.FlowLimits;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.protocol.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 *  "render": {"max_jobs_per_user": 2, "max_running": 4, "max_running_per_user": 1, "rate": "10/s"}}
 * </pre>
 *
 * Times are milliseconds. Unknown fields are refused, so a typo does not pass silently. The flow
 * limits ({@code max_running}, {@code max_running_per_user}, {@code rate}; see {@link FlowLimits})
 * are written to Redis when the front end starts ({@link #limits}), for every broker to enforce.
 */
final class TopicsFile {
  private static final Set<String> FIELDS =
      Set.of(
          "every",
          "shared",
          "private",
          "max_attempts",
          "timeout",
          "retention",
          "max_jobs_per_user",
          "max_running",
          "max_running_per_user",
          "rate");
  private static final Set<String> LIMITS = Set.of("max_running", "max_running_per_user", "rate");

  private TopicsFile() {}

  static Map<String, TopicOptions> read(Path file) {
    return fromFile(file, TopicsFile::parse);
  }

  /** The flow limits of the topics that name any, by topic. */
  static Map<String, FlowLimits> limits(Path file) {
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

  static Map<String, FlowLimits> limits(JsonNode root) {
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

  static Map<String, TopicOptions> parse(JsonNode root) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("must be a JSON object of topic -> options");
    }
    Map<String, TopicOptions> out = new LinkedHashMap<>();
    root.fields()
        .forEachRemaining(
            entry -> out.put(entry.getKey(), options(entry.getKey(), entry.getValue())));
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
        node.path("max_jobs_per_user").asInt(0));
  }
}
