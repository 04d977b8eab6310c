package io.jobwire.launcher.jobs;

import io.jobwire.launcher.cli.Durations;
import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.queue.JobPriority;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import java.nio.file.Path;
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
      "  jobwire enqueue --topic ping --in 10m --priority low --unique nightly",
      "  jobwire enqueue --batch jobs.jsonl --callback-topic report --wait"
    })
public final class EnqueueCommand implements Callable<Integer> {

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

  @Option(
      names = "--batch",
      defaultValue = "${env:JOBWIRE_ENQUEUE_BATCH}",
      paramLabel = "FILE.jsonl",
      description =
          "Queue the jobs of this file as one batch and print its id: one JSON object per line,"
              + " {\"topic\":T,\"params\":{…},\"key\":K,\"depends_on\":[K,…]}; --topic is the"
              + " default topic (env JOBWIRE_ENQUEUE_BATCH). See docs/scheduling.md, Batches.")
  Path batch;

  @Option(
      names = "--callback-topic",
      defaultValue = "${env:JOBWIRE_ENQUEUE_CALLBACK_TOPIC}",
      paramLabel = "T",
      description =
          "With --batch: a job of this topic runs once when every job of the batch finished, with"
              + " their outcomes in params.batch (env JOBWIRE_ENQUEUE_CALLBACK_TOPIC).")
  String callbackTopic;

  @Option(
      names = "--callback-params",
      defaultValue = "${env:JOBWIRE_ENQUEUE_CALLBACK_PARAMS}",
      paramLabel = "JSON",
      description = "The callback's params, a JSON object (env JOBWIRE_ENQUEUE_CALLBACK_PARAMS).")
  String callbackParams;

  @Option(
      names = "--wait",
      defaultValue = "${env:JOBWIRE_ENQUEUE_WAIT:-false}",
      description =
          "With --batch: show the batch's progress on stderr until every job finished; exit 1"
              + " when one failed (env JOBWIRE_ENQUEUE_WAIT).")
  boolean await;

  @Override
  public Integer call() {
    if (batch != null && (params != null || at != null || in != null || unique != null)) {
      spec.commandLine()
          .getErr()
          .println(
              "jobwire enqueue: --batch takes each job's params from its file: give no --params,"
                  + " --at, --in or --unique with it");
      return 2;
    }
    if (batch != null) {
      JobRequest callback;
      try {
        callback = callback();
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 2;
      }
      return new BatchEnqueue(spec, redis.uri).run(batch, topic, callback, await);
    }
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

  /** The --callback-* job, null without one; an IllegalArgumentException says what is wrong. */
  private JobRequest callback() {
    if (callbackTopic == null || callbackTopic.isBlank()) {
      return null;
    }
    try {
      var json = Codec.parse(callbackParams == null ? "{}" : callbackParams);
      if (!json.isObject()) {
        throw new IllegalArgumentException("--callback-params must be a JSON object");
      }
      return JobRequest.of(callbackTopic, json);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException("--callback-params is not valid JSON: " + e.getMessage());
    }
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
