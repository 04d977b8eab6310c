package io.jobwire.launcher.jobs;

import io.jobwire.launcher.cli.Durations;
import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.MonitorJson;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.QueueUnavailableException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jobwire status}: queues, workers and front ends as Redis knows them. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show queues (queued, in flight, delayed, dead per topic), workers (total, idle, busy),"
          + " brokers and front ends, read from Redis; or, given an id, one job or batch.",
      "  jobwire status --watch        refresh every 2 s until Ctrl-C",
      "  jobwire status --json         one JSON object, for scripts",
      "  jobwire status j-91c…         one job: state, attempts, error, last progress",
      "  jobwire status b-Qx3… --watch one batch's progress until it completes"
    })
public final class StatusCommand implements Callable<Integer> {

  @Mixin RedisOption redis;

  @Option(
      names = "--json",
      defaultValue = "${env:JOBWIRE_STATUS_JSON:-false}",
      description =
          "Print one JSON object instead of tables; names in snake_case, see"
              + " docs/observability.md (env JOBWIRE_STATUS_JSON=true).")
  boolean json;

  @Option(
      names = "--watch",
      defaultValue = "${env:JOBWIRE_STATUS_WATCH:-false}",
      description = "Refresh until Ctrl-C (env JOBWIRE_STATUS_WATCH=true).")
  boolean watch;

  @Option(
      names = "--interval",
      defaultValue = "${env:JOBWIRE_STATUS_INTERVAL:-2s}",
      converter = Durations.Seconds.class,
      paramLabel = "DURATION",
      description =
          "Refresh interval for --watch: 2s, 500ms; a bare number is seconds (env"
              + " JOBWIRE_STATUS_INTERVAL; default ${DEFAULT-VALUE}).")
  public Duration interval;

  @Parameters(
      arity = "0..1",
      paramLabel = "ID",
      description =
          "A job id (what enqueue printed, or a client's subscribed.job) or a batch id (b-…):"
              + " show that one instead of the whole queue; exit status 1 when Redis does not know"
              + " it (a finished job's record expires after the topic's retention).")
  String id;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (id != null) {
      try (JobQueue queue = JobQueue.redis(QueueConfig.builder().redisUri(redis.uri).build())) {
        return new OneStatus(queue, json, out, err).show(id, watch ? interval : null);
      }
    }
    try (Monitor monitor = Monitor.redis(QueueConfig.builder().redisUri(redis.uri).build())) {
      do {
        MonitorSnapshot snapshot;
        try {
          snapshot = monitor.snapshot();
        } catch (QueueUnavailableException e) {
          err.println("jobwire status: " + e.getMessage());
          err.flush();
          if (!watch) {
            return 1;
          }
          Thread.sleep(interval);
          continue;
        }
        if (watch && !json) {
          out.print("\033[H\033[2J"); // clear the terminal
        }
        out.println(json ? toJson(snapshot) : StatusText.of(snapshot, redis.uri));
        out.flush();
        if (watch) {
          Thread.sleep(interval);
        }
      } while (watch);
    }
    return 0;
  }

  static String toJson(MonitorSnapshot snapshot) {
    return Codec.encode(MonitorJson.of(snapshot));
  }
}
