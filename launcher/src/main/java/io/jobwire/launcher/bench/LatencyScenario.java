package io.jobwire.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Subscribe → result at a steady offered rate, timed from each intended send time. */
@Command(
    name = "latency",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe -> result latency at a steady offered rate.",
      "",
      "Sends no-op subscriptions at a steady --rate over --connections clients for "
          + "--duration seconds after --warmup and times subscribe -> result from each one's "
          + "INTENDED send time, so a stall counts for every request it delayed (no "
          + "coordinated omission); 'from actual send' is the same from when each was really "
          + "sent (the difference is the sender's lag)."
    })
final class LatencyScenario implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description = "Subscriptions per second (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "10",
      description = "Measured seconds (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Unmeasured seconds at the same rate first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "WebSocket clients, used in turn (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--queue-only",
      description =
          "Also the same rate through JobQueue alone (enqueue -> result on a PULL socket).")
  boolean queueOnly;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("latency");
    try (var bench = BenchStack.start(stack, stack.capacity);
        var progress = Progress.start("latency")) {
      report
          .setting("redis", bench.redisKind())
          .setting("rate", rate)
          .setting("duration_s", duration);
      report.setting("warmup_s", warmup).setting("connections", connections);
      Histogram[] endToEnd = endToEnd(bench, progress);
      report.latencies("subscribe->result", endToEnd[0]);
      report.latencies("subscribe->result from actual send", endToEnd[1]);
      report.brief("  part: subscribe->subscribed", endToEnd[2]);
      report.brief("  part: sent->worker runs handler", endToEnd[3]);
      report.brief("  part: handler->client has result", endToEnd[4]);
      if (queueOnly) {
        report.latencies(
            "enqueue->result", QueueOnly.latency(bench.queue(), rate, warmup, duration, progress));
      }
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  private Histogram[] endToEnd(BenchStack bench, Progress progress) throws Exception {
    var histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    var service = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    var subscribed = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    var toWorker = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    var fromWorker = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(1), 3);
    var results = new LongAdder();
    int total = rate * (warmup + duration);
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    List<BenchSocket> sockets = new ArrayList<>();
    try {
      for (int c = 0; c < connections; c++) {
        sockets.add(
            BenchSocket.connect(
                bench.webSocketUrl(),
                frame -> {
                  if (BenchSocket.is(frame, "result")) {
                    long now = System.nanoTime();
                    long intended = BenchSocket.longField(frame, "t");
                    if (intended >= measureFrom) {
                      histogram.recordValue(Math.max(0, now - intended));
                      long sent = BenchSocket.longField(frame, "s");
                      long ran = BenchSocket.longField(frame, "w");
                      service.recordValue(Math.max(0, now - sent));
                      toWorker.recordValue(Math.max(0, ran - sent));
                      fromWorker.recordValue(Math.max(0, now - ran));
                    }
                    results.increment();
                  } else if (BenchSocket.is(frame, "subscribed")) {
                    long now = System.nanoTime();
                    long intended = start + BenchSocket.longField(frame, "ref") * period;
                    if (intended >= measureFrom) {
                      subscribed.recordValue(Math.max(0, now - intended));
                    }
                  }
                }));
      }
      progress.show(() -> String.format("%,d/%,d results", results.sum(), total));
      for (int i = 0; i < total; i++) {
        long intended = start + i * period;
        Pacer.awaitUntil(intended);
        sockets
            .get(i % connections)
            .send(
                "{\"op\":\"subscribe\",\"ref\":"
                    + i
                    + ",\"topic\":\""
                    + BenchWorker.ECHO
                    + "\",\"params\":{\"t\":"
                    + intended
                    + ",\"s\":"
                    + System.nanoTime()
                    + "}}");
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (results.sum() < total && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      if (results.sum() < total) {
        throw new IllegalStateException(
            "only " + results.sum() + " of " + total + " results arrived");
      }
      return new Histogram[] {histogram, service, subscribed, toWorker, fromWorker};
    } finally {
      sockets.forEach(BenchSocket::close);
    }
  }
}
