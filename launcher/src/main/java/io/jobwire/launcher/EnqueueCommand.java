package io.jobwire.launcher;

import io.jobwire.broker.JobPriority;
import io.jobwire.broker.JobQueue;
import io.jobwire.broker.JobRequest;
import io.jobwire.broker.TopicPolicy;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
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

  @Option(names = "--topic", required = true, paramLabel = "T", description = "The job's topic.")
  String topic;

  @Option(
      names = "--params",
      defaultValue = "{}",
      paramLabel = "JSON",
      description = "The job's params, a JSON object (default ${DEFAULT-VALUE}).")
  String params;

  @Option(
      names = "--max-attempts",
      defaultValue = "0",
      paramLabel = "N",
      description = "How often it may run before it goes to the dead letters (0 = the default).")
  int maxAttempts;

  @Option(
      names = "--at",
      paramLabel = "ISO-8601",
      description = "Run it not before this instant, e.g. 2030-01-01T08:00:00Z.")
  String at;

  @Option(
      names = "--in",
      paramLabel = "DURATION",
      description = "Run it not before this long from now: 250ms, 30s, 10m, 2h, 1d or PT10M.")
  String in;

  @Option(
      names = "--priority",
      defaultValue = "normal",
      paramLabel = "P",
      description = "high, normal or low (default ${DEFAULT-VALUE}); see README, Reliability.")
  JobPriority priority;

  @Option(
      names = "--unique",
      paramLabel = "KEY",
      description =
          "While a job of this topic with this key is queued or running, print its id"
              + " instead of adding another.")
  String unique;

  @Override
  public Integer call() {
    Long runAt;
    try {
      runAt = runAt();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    JobRequest request;
    try {
      var json = Codec.parse(params);
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
      spec.commandLine().getOut().println(queue.enqueue(request));
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
      return System.currentTimeMillis() + TopicPolicy.duration(in).toMillis();
    }
    return null;
  }
}
