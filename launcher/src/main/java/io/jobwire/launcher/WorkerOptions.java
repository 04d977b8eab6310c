package io.jobwire.launcher;

import io.jobwire.protocol.MessageLimits;
import io.jobwire.worker.Worker;
import io.jobwire.worker.WorkerCurve;
import io.jobwire.workers.ExampleWorkers;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The worker pool's flags, shared by {@code workers} and {@code demo}. */
final class WorkerOptions {

  @Option(
      names = "--capacity",
      defaultValue = "${env:JOBWIRE_CAPACITY:-16}",
      description = "Jobs run at once (env JOBWIRE_CAPACITY; default ${DEFAULT-VALUE}).")
  int capacity;

  @Option(
      names = "--worker-id",
      defaultValue = "${env:JOBWIRE_WORKER_ID}",
      description =
          "Worker id shown in logs and status (env JOBWIRE_WORKER_ID; default: host-pid).")
  String id;

  /** Set from {@link MaxMessageOption} by the command that mixes both in. */
  int maxMessageBytes = MessageLimits.DEFAULT_MAX_MESSAGE_BYTES;

  /** A worker serving the example topics (see ExampleWorkers.TOPICS), not yet started. */
  Worker build(String brokerEndpoint) {
    return build(brokerEndpoint, WorkerCurve.NONE);
  }

  /** Like {@link #build(String)}, with CURVE keys for its sockets. */
  Worker build(String brokerEndpoint, WorkerCurve curve) {
    var builder =
        Worker.builder()
            .broker(brokerEndpoint)
            .capacity(capacity)
            .curve(curve)
            .maxMessageBytes(maxMessageBytes);
    if (id != null && !id.isBlank()) {
      builder.id(id);
    }
    ExampleWorkers.register(builder);
    return builder.build();
  }

  /** Builds, from a broker endpoint, a worker serving the example topics with {@code capacity}. */
  static Function<String, Worker> examples(int capacity) {
    return broker -> {
      var options = new WorkerOptions();
      options.capacity = capacity;
      return options.build(broker);
    };
  }
}
