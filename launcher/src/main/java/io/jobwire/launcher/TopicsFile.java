package io.jobwire.launcher;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Reads {@code --topics-file}: a JSON object of topic name to options, for example
 *
 * <pre>
 * {"clock":  {"every": 1000, "shared": true},
 *  "report": {"max_attempts": 2, "timeout": 30000, "retention": {"count": 10, "ms": 60000}},
 *  "inbox":  {"every": 5000, "shared": true, "private": true},
 *  "render": {"max_jobs_per_user": 2}}
 * </pre>
 *
 * Times are milliseconds. Unknown fields are refused, so a typo does not pass silently.
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
          "max_jobs_per_user");

  private TopicsFile() {}

  static Map<String, TopicOptions> read(Path file) {
    try {
      return parse(Codec.parse(Files.readString(file)));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --topics-file " + file + ": " + e, e);
    } catch (Exception e) {
      throw new IllegalArgumentException("--topics-file " + file + ": " + e.getMessage(), e);
    }
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
