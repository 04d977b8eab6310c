package io.jobwire.launcher;

import io.jobwire.broker.JobPriority;
import io.jobwire.broker.JobQueue;
import io.jobwire.broker.JobRequest;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobwire enqueue}: put a background job on the queue and print its id. */
@Command(
    name = "enqueue",
    mixinStandardHelpOptions = true,
    description = {
      "Put a background job on the queue (nobody subscribes to it) and print its id.",
      "  jobwire enqueue --topic ping --params '{\"count\":2}'",
      "  jobwire enqueue --topic ping --in 10m --priority low --unique nightly"
    })
final class EnqueueCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Option(
      names = "--topic",
      defaultValue = "${env:JOBWIRE_ENQUEUE_TOPIC}",
      paramLabel = "T",
      description = "The job's topic; required (env JOBWIRE_ENQUEUE_TOPIC).")
  String topic;

  @Option(
      names = "--params",
      defaultValue = "${env:JOBWIRE_ENQUEUE_PARAMS}",
      paramLabel = "JSON",
      description = "The job's params, a JSON object (env JOBWIRE_ENQUEUE_PARAMS; default {}).")
  String params;

  @Option(
      names = "--max-attempts",
      defaultValue = "${env:JOBWIRE_ENQUEUE_MAX_ATTEMPTS:-0}",
      paramLabel = "N",
      description =
          "How often it may run before it goes to the dead letters; 0 = the topic's default (env"
              + " JOBWIRE_ENQUEUE_MAX_ATTEMPTS).")
  int maxAttempts;

  @Option(
      names = "--at",
      defaultValue = "${env:JOBWIRE_ENQUEUE_AT}",
      paramLabel = "ISO-8601",
      description =
          "Run it not before this instant, e.g. 2030-01-01T08:00:00Z (env JOBWIRE_ENQUEUE_AT).")
  String at;

  @Option(
      names = "--in",
      defaultValue = "${env:JOBWIRE_ENQUEUE_IN}",
      paramLabel = "DURATION",
      description =
          "Run it not before this long from now: 250ms, 30s, 10m, 2h, 1d or PT10M; a bare"
              + " number is seconds (env JOBWIRE_ENQUEUE_IN).")
  String in;

  @Option(
      names = "--priority",
      defaultValue = "${env:JOBWIRE_ENQUEUE_PRIORITY:-normal}",
      paramLabel = "P",
      description =
          "high, normal or low; see README, Reliability (env JOBWIRE_ENQUEUE_PRIORITY; default"
              + " ${DEFAULT-VALUE}).")
  JobPriority priority;

  @Option(
      names = "--unique",
      defaultValue = "${env:JOBWIRE_ENQUEUE_UNIQUE}",
      paramLabel = "KEY",
      description =
          "While a job of this topic with this key is queued or running, print its id (and say"
              + " so on stderr) instead of adding another (env JOBWIRE_ENQUEUE_UNIQUE).")
  String unique;

  @Override
  public Integer call() {
    if (topic == null || topic.isBlank()) {
      spec.commandLine()
          .getErr()
          .println("jobwire enqueue: give --topic (or JOBWIRE_ENQUEUE_TOPIC)");
      return 2;
    }
    Long runAt;
    try {
      runAt = runAt();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    JobRequest request;
    try {
      var json = Codec.parse(params == null || params.isBlank() ? "{}" : params);
      if (!json.isObject()) {
        spec.commandLine().getErr().println("--params must be a JSON object");
        return 2;
      }
      request =
          JobRequest.of(topic, json)
              .withMaxAttempts(maxAttempts)
              .withRunAt(runAt)
              .withPriority(priority)
              .withUnique(unique);
    } catch (ProtocolException e) {
      spec.commandLine().getErr().println("--params is not valid JSON: " + e.getMessage());
      return 2;
    }
    try (JobQueue queue = JobQueue.redis(redis.uri)) {
      long before = System.currentTimeMillis();
      String id = queue.enqueue(request);
      if (unique != null && queue.status(id).map(s -> s.createdAt() < before).orElse(false)) {
        spec.commandLine()
            .getErr()
            .println(
                "jobwire enqueue: a job of topic "
                    + topic
                    + " with --unique "
                    + unique
                    + " is still queued or running: "
                    + id
                    + " (nothing added)");
      }
      spec.commandLine().getOut().println(id);
    }
    return 0;
  }

  private Long runAt() {
    if (at != null && in != null) {
      throw new IllegalArgumentException("give --at or --in, not both");
    }
    if (at != null) {
      return Instant.parse(at).toEpochMilli();
    }
    if (in != null) {
      return System.currentTimeMillis() + Durations.parse(in, Duration.ofSeconds(1)).toMillis();
    }
    return null;
  }
}
