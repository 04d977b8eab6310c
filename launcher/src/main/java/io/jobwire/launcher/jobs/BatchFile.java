package io.jobwire.launcher.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.JobPriority;
import io.jobwire.queue.JobRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code jobwire enqueue --batch FILE.jsonl}: one job per line, {@code {"topic": T, "params":
 * {…}, "key": K, "depends_on": [K, …], "max_attempts": N, "priority": P}}, every field but {@code
 * params} optional (the topic defaults to {@code --topic}). {@code depends_on} names the {@code
 * key}s of earlier lines. Blank lines and lines starting with {@code #} are skipped.
 */
final class BatchFile {
  /** Lines between two "read N jobs" notes on stderr. */
  static final int PROGRESS_EVERY = 10_000;

  /** A line that is not a job: the file, the line number and what is wrong. */
  static final class BadLine extends Exception {
    BadLine(Path file, int line, String message) {
      super(file + ":" + line + ": " + message);
    }
  }

  private BatchFile() {}

  static BatchRequest.Builder read(Path file, String defaultTopic, PrintWriter progress)
      throws IOException, BadLine {
    BatchRequest.Builder batch = BatchRequest.builder();
    Map<String, Integer> keys = new HashMap<>();
    int lineNumber = 0;
    int jobs = 0;
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        if (jobs == BatchRequest.MAX_CHILDREN) {
          throw new BadLine(file, lineNumber, "more than " + jobs + " jobs in one batch");
        }
        JsonNode json = parse(file, lineNumber, text);
        List<Integer> dependsOn = dependencies(file, lineNumber, json, keys);
        batch.add(job(file, lineNumber, json, defaultTopic), dependsOn);
        String key = json.path("key").asText("");
        if (!key.isEmpty() && keys.putIfAbsent(key, jobs) != null) {
          throw new BadLine(file, lineNumber, "key '" + key + "' is used twice");
        }
        jobs++;
        if (jobs % PROGRESS_EVERY == 0) {
          progress.println("jobwire enqueue: read " + jobs + " jobs");
          progress.flush();
        }
      }
    }
    if (jobs == 0) {
      throw new BadLine(file, lineNumber, "no job in the file");
    }
    return batch;
  }

  private static JsonNode parse(Path file, int line, String text) throws BadLine {
    try {
      JsonNode json = Codec.parse(text);
      if (!json.isObject()) {
        throw new BadLine(file, line, "a line must be a JSON object");
      }
      return json;
    } catch (ProtocolException e) {
      throw new BadLine(file, line, "not JSON: " + e.getMessage());
    }
  }

  private static JobRequest job(Path file, int line, JsonNode json, String defaultTopic)
      throws BadLine {
    String topic = json.path("topic").asText(defaultTopic == null ? "" : defaultTopic);
    JsonNode params = json.get("params");
    if (params != null && !params.isObject() && !params.isNull()) {
      throw new BadLine(file, line, "params must be a JSON object");
    }
    try {
      JobRequest request =
          JobRequest.of(topic, params).withMaxAttempts(json.path("max_attempts").asInt(0));
      if (json.hasNonNull("priority")) {
        request =
            request.withPriority(
                JobPriority.valueOf(json.get("priority").asText().toUpperCase(Locale.ROOT)));
      }
      return request;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadLine(
          file,
          line,
          topic.isEmpty() ? "no topic: give \"topic\" or --topic" : String.valueOf(e.getMessage()));
    }
  }

  private static List<Integer> dependencies(
      Path file, int line, JsonNode json, Map<String, Integer> keys) throws BadLine {
    List<Integer> indexes = new ArrayList<>();
    for (JsonNode key : json.path("depends_on")) {
      Integer index = keys.get(key.asText());
      if (index == null) {
        throw new BadLine(
            file, line, "depends_on names '" + key.asText() + "', not the key of an earlier line");
      }
      indexes.add(index);
    }
    return indexes;
  }
}
