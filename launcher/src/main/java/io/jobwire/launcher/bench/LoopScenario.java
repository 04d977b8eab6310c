package io.jobwire.launcher.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Does blocking work stall the front end? Ping round trips, idle and while jobs block. */
@Command(
    name = "loop",
    mixinStandardHelpOptions = true,
    description = {
      "Ping round trips while jobs block: does blocking work stall the front end?",
      "",
      "Pings the front end --ping-rate times a second for --seconds while idle, then "
          + "again while --jobs subscriptions run jobs that block (sleep, no CPU) for "
          + "--block-ms each on a worker with room for all of them; ping round trip p50/p99 "
          + "for both, from the intended send time."
    })
final class LoopScenario implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "200",
      description = "Blocking jobs (default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--block-ms",
      defaultValue = "5000",
      description = "How long each job blocks (default ${DEFAULT-VALUE}).")
  int blockMillis;

  @Option(
      names = "--ping-rate",
      defaultValue = "100",
      description = "Pings per second (default ${DEFAULT-VALUE}).")
  int pingRate;

  @Option(
      names = "--seconds",
      defaultValue = "3",
      description = "Seconds of pings in each phase; below --block-ms (default ${DEFAULT-VALUE}).")
  int seconds;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("loop");
    int capacity = Math.max(stack.capacity, jobs + 16);
    try (var bench = BenchStack.start(stack, capacity);
        var progress = Progress.start("loop")) {
      report
          .setting("redis", bench.redisKind())
          .setting("jobs", jobs)
          .setting("block_ms", blockMillis);
      report
          .setting("ping_rate", pingRate)
          .setting("seconds", seconds)
          .setting("capacity", capacity);
      var pongs = new Pongs(pingRate * seconds);
      var results = new LongAdder();
      try (var pinger = BenchSocket.connect(bench.webSocketUrl(), pongs::onFrame);
          var blocker =
              BenchSocket.connect(
                  bench.webSocketUrl(),
                  frame -> {
                    if (BenchSocket.is(frame, "result")) {
                      results.increment();
                    }
                  })) {
        progress.show(() -> "idle pings: " + pongs.received.sum());
        pings(pinger, pongs, 100); // warm-up
        report.latencies("ping idle", pings(pinger, pongs, pingRate * seconds));
        for (int i = 0; i < jobs; i++) {
          blocker.send(
              "{\"op\":\"subscribe\",\"ref\":"
                  + i
                  + ",\"topic\":\""
                  + BenchWorker.SLEEP
                  + "\",\"params\":{\"ms\":"
                  + blockMillis
                  + "}}");
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bench.broker().stats().running() < jobs && System.nanoTime() < until) {
          TimeUnit.MILLISECONDS.sleep(5);
        }
        int running = bench.broker().stats().running();
        report.figure("jobs blocking while pinged", running, "");
        progress.show(() -> running + " jobs blocking, pings: " + pongs.received.sum());
        report.latencies("ping while blocked", pings(pinger, pongs, pingRate * seconds));
        until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(blockMillis + 10_000L);
        while (results.sum() < jobs && System.nanoTime() < until) {
          TimeUnit.MILLISECONDS.sleep(20);
        }
        report.figure("blocking jobs finished", results.sum(), "");
      }
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  private Histogram pings(BenchSocket socket, Pongs pongs, int count) throws InterruptedException {
    var histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    pongs.reset(count, histogram);
    long period = 1_000_000_000L / pingRate;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long intended = start + i * period;
      Pacer.awaitUntil(intended);
      pongs.sent.set(i, intended);
      socket.send("{\"op\":\"ping\",\"ref\":" + i + "}");
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pongs.received.sum() < count && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    synchronized (pongs) {
      return histogram.copy();
    }
  }

  /** Pong frames matched to the intended send time of their ping, by {@code ref}. */
  private static final class Pongs {
    final LongAdder received = new LongAdder();
    AtomicLongArray sent;
    Histogram histogram;

    Pongs(int count) {
      sent = new AtomicLongArray(count);
    }

    synchronized void reset(int count, Histogram into) {
      sent = new AtomicLongArray(Math.max(count, 100));
      histogram = into;
      received.reset();
    }

    synchronized void onFrame(String frame) {
      if (!BenchSocket.is(frame, "pong")) {
        return;
      }
      long now = System.nanoTime();
      int ref = (int) BenchSocket.longField(frame, "ref");
      if (ref >= 0 && ref < sent.length() && sent.get(ref) != 0) {
        histogram.recordValue(Math.max(0, now - sent.get(ref)));
        received.increment();
      }
    }
  }
}
