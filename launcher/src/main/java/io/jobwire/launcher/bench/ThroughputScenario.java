package io.jobwire.launcher.bench;

import io.jobwire.client.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Jobs/s end to end over WebSocket, then the queue alone. */
@Command(
    name = "throughput",
    mixinStandardHelpOptions = true,
    description = {
      "No-op jobs/s, end to end over WebSocket and through the queue alone.",
      "",
      "End to end: --connections WebSocket clients each keep --window no-op "
          + "subscriptions in flight (subscribe sent -> result received); jobs/s over "
          + "--duration after --warmup. Queue only: --jobs background jobs enqueued through "
          + "JobQueue in batches of --batch while the no-op Java worker drains them; jobs/s "
          + "until Redis holds none (like bench bullmq)."
    })
final class ThroughputScenario implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--connections",
      defaultValue = "8",
      description = "WebSocket clients (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--window",
      defaultValue = "128",
      description = "Subscriptions in flight per client (default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--duration",
      defaultValue = "10",
      description = "Measured seconds, end to end (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description = "Unmeasured seconds first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--jobs",
      defaultValue = "200000",
      description = "Queue-only jobs (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Queue-only jobs per enqueue call (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--skip-queue", description = "Only the end-to-end part.")
  boolean skipQueue;

  @Option(
      names = "--queue-only",
      description =
          "Only the queue-only part (with --topics and --cluster: a Redis Cluster's figure).")
  boolean queueOnly;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("throughput");
    try (var bench = BenchStack.start(stack, stack.capacity);
        var progress = Progress.start("throughput")) {
      bench.describe(report).setting("capacity", stack.capacity);
      report
          .setting("connections", connections)
          .setting("window", window)
          .setting("duration_s", duration);
      if (!queueOnly) {
        endToEnd(bench, progress, report);
      }
      if (!skipQueue) {
        report.setting("jobs", jobs).setting("batch", batch);
        // A first, smaller drain warms the JIT on the worker and broker paths.
        QueueOnly.throughput(bench, Math.min(jobs, 20_000), batch, progress);
        report.figure("queue-only", QueueOnly.throughput(bench, jobs, batch, progress), "jobs/s");
      }
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  private void endToEnd(BenchStack bench, Progress progress, Report report) throws Exception {
    var completed = new LongAdder();
    var errors = new LongAdder();
    var sent = new LongAdder();
    var running = new AtomicBoolean(true);
    List<WsClient> sockets = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    try {
      for (int c = 0; c < connections; c++) {
        var inFlight = new Semaphore(window);
        var socket =
            WsClient.to(bench.webSocketUrl())
                .onText(
                    frame -> {
                      if (Frames.is(frame, "result")) {
                        completed.increment();
                        inFlight.release();
                      } else if (Frames.is(frame, "error") || Frames.is(frame, "failed")) {
                        errors.increment();
                        inFlight.release();
                      }
                    })
                .connect();
        sockets.add(socket);
        senders.add(
            Thread.ofVirtual()
                .name("bench-sender-" + c)
                .start(
                    () -> {
                      long ref = 0;
                      while (running.get()) {
                        try {
                          if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                          }
                        } catch (InterruptedException e) {
                          return;
                        }
                        sent.increment();
                        socket.send(
                            "{\"op\":\"subscribe\",\"ref\":"
                                + ref++
                                + ",\"topic\":\""
                                + BenchWorker.ECHO
                                + "\",\"params\":{\"t\":"
                                + System.nanoTime()
                                + "}}");
                      }
                    }));
      }
      long start = System.nanoTime();
      progress.show(
          () ->
              String.format(
                  "end to end: %,d results, %,.0f/s, %d errors",
                  completed.sum(),
                  completed.sum() / ((System.nanoTime() - start) / 1e9),
                  errors.sum()));
      TimeUnit.SECONDS.sleep(warmup);
      long before = completed.sum();
      long measuredStart = System.nanoTime();
      TimeUnit.SECONDS.sleep(duration);
      long after = completed.sum();
      long measured = System.nanoTime() - measuredStart;
      running.set(false);
      for (Thread sender : senders) {
        sender.join();
      }
      report.figure("end to end", (after - before) / (measured / 1e9), "jobs/s");
      report.figure("end to end errors", errors.sum(), "");
      // Let the subscriptions still in flight finish before the queue-only part.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (completed.sum() + errors.sum() < sent.sum() && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
    } finally {
      sockets.forEach(WsClient::close);
    }
  }
}
