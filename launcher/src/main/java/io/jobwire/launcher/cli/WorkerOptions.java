package io.jobwire.launcher.cli;

import io.jobwire.protocol.MessageLimits;
import io.jobwire.worker.Worker;
import io.jobwire.worker.WorkerCurve;
import io.jobwire.workers.CommandConfig;
import io.jobwire.workers.ExampleWorkers;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The worker pool's flags, shared by {@code workers} and {@code demo}: the command line every
 * reference worker shares (docs/worker-protocol.md, "A worker's command line"), but for a larger
 * default capacity.
 */
public final class WorkerOptions {

  @Option(
      names = "--capacity",
      defaultValue = "${env:JOBWIRE_CAPACITY:-16}",
      description = "Jobs run at once (env JOBWIRE_CAPACITY; default ${DEFAULT-VALUE}).")
  public int capacity;

  @Option(
      names = {"--id", "--worker-id"},
      defaultValue = "${env:JOBWIRE_WORKER_ID}",
      description =
          "Worker id shown in logs and status, unique per process (env JOBWIRE_WORKER_ID;"
              + " default: host-pid).")
  String id;

  /** Set from {@link MaxMessageOption} by the command that mixes both in. */
  public int maxMessageBytes = MessageLimits.DEFAULT_MAX_MESSAGE_BYTES;

  /** Set by {@code workers --topics} ({@code demo} has a --topics of its own: the front end's). */
  public List<String> topics = ExampleWorkers.TOPICS;

  @Option(
      names = "--grace",
      defaultValue = "${env:JOBWIRE_GRACE:-10s}",
      converter = Durations.Seconds.class,
      paramLabel = "DURATION",
      description =
          "How long running jobs may take to finish after SIGTERM (30s, 2m; a bare number is"
              + " seconds); the rest are handed back with code shutdown, their attempt unspent"
              + " (env JOBWIRE_GRACE; default ${DEFAULT-VALUE}).")
  Duration grace = Duration.ofSeconds(10);

  /** A worker serving the example topics (see ExampleWorkers.TOPICS), not yet started. */
  public Worker build(String brokerEndpoint) {
    return build(brokerEndpoint, WorkerCurve.NONE);
  }

  /** Like {@link #build(String)}, with CURVE keys for its sockets. */
  public Worker build(String brokerEndpoint, WorkerCurve curve) {
    var builder =
        Worker.builder()
            .broker(brokerEndpoint)
            .capacity(capacity)
            .curve(curve)
            .maxMessageBytes(maxMessageBytes)
            .gracePeriod(grace);
    if (id != null && !id.isBlank()) {
      builder.id(id);
    }
    ExampleWorkers.register(builder, CommandConfig.defaults(), topics);
    return builder.build();
  }

  /** Builds, from a broker endpoint, a worker serving the example topics with {@code capacity}. */
  public static Function<String, Worker> examples(int capacity) {
    return broker -> {
      var options = new WorkerOptions();
      options.capacity = capacity;
      return options.build(broker);
    };
  }
}
