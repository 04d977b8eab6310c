package io.jobwire.launcher.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.worker.Worker;
import java.time.Duration;

/** The topics the bench's own worker serves; none of them uses the CPU. */
final class BenchWorker {
  /**
   * Returns its params as the result, plus {@code w}: {@code System.nanoTime()} when the handler
   * ran. The bench runs in one process, so the client splits its latency at that point.
   */
  static final String ECHO = "bench.echo";

  /** Sleeps {@code params.ms} milliseconds, then returns: a job that blocks without CPU. */
  static final String SLEEP = "bench.sleep";

  /** Blocks until cancelled: keeps a shared topic's stream alive for {@code publish}. */
  static final String HOLD = "bench.hold";

  private BenchWorker() {}

  /** The echo topic {@code i} of {@code bench --topics}: {@link #ECHO}, then {@code ECHO.1}, ... */
  static String echo(int i) {
    return i == 0 ? ECHO : ECHO + "." + i;
  }

  static Worker build(String broker, int capacity, int echoTopics) {
    var builder =
        Worker.builder().broker(broker).capacity(capacity).gracePeriod(Duration.ofMillis(200));
    for (int i = 0; i < Math.max(1, echoTopics); i++) {
      builder.handle(
          echo(i),
          job -> {
            long ran = System.nanoTime();
            return job.params().isObject()
                ? ((ObjectNode) job.params()).deepCopy().put("w", ran)
                : job.params();
          });
    }
    return builder
        .handle(
            SLEEP,
            job -> {
              Thread.sleep(job.param("ms", 1000, 0, 600_000));
              return null;
            })
        .handle(
            HOLD,
            job -> {
              Thread.sleep(Duration.ofHours(1));
              return null;
            })
        .build();
  }
}
