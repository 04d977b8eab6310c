package io.jobwire.launcher.bench;

import io.jobwire.client.WsClient;
import io.jobwire.queue.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What one job costs Redis, read from Redis's own counters (see {@link RedisCounters}): commands
 * per job, end to end, and bytes kept per finished job once the subscriptions' resume windows
 * passed.
 */
@Command(
    name = "redis-cost",
    mixinStandardHelpOptions = true,
    description = {
      "Redis commands per job and bytes kept per finished job, from Redis's own counters.",
      "",
      "Runs --jobs no-op subscriptions over --connections WebSocket clients against a broker, a"
          + " front end with --history redis and a worker (production layout: each in a process"
          + " of its own). INFO commandstats (commands run inside scripts counted, as Redis counts"
          + " them) is reset after a warm-up and read twice: once every result arrived, and once"
          + " the clients left and their subscriptions' resume windows passed (the front end"
          + " released their state). Bytes kept per finished job: the used_memory growth then,"
          + " per job, MEMORY USAGE of the job records, and (in a redis-server of its own) the"
          + " used_memory freed by deleting them. What the parts' timers cost an idle"
          + " system (5 s measured before the run) is shown, and subtracted in a second figure."
          + " Use a Redis of its own: its counters are reset."
    })
final class RedisCostScenario implements Callable<Integer> {
  private static final RedisKeys KEYS = new RedisKeys("main");

  /** Every subscription's state and history. */
  private static final String SUBSCRIPTIONS = KEYS.subscriptionPattern();

  /** Every topic's job records. */
  private static final String JOBS = KEYS.jobPattern();

  private static final int WARMUP_JOBS = 500;
  private static final int IDLE_SECONDS = 5;

  @Mixin StackOptions stack;

  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      defaultValue = "${env:JOBWIRE_BENCH_JOBS:-2000}",
      description = "Measured jobs (env JOBWIRE_BENCH_JOBS; default ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--connections",
      defaultValue = "${env:JOBWIRE_BENCH_CONNECTIONS:-8}",
      description = "WebSocket clients (env JOBWIRE_BENCH_CONNECTIONS; default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--window",
      defaultValue = "${env:JOBWIRE_BENCH_WINDOW:-16}",
      description =
          "Subscriptions in flight per client (env JOBWIRE_BENCH_WINDOW; default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--settle-timeout",
      defaultValue = "${env:JOBWIRE_BENCH_SETTLE_TIMEOUT:-120}",
      description =
          "Seconds to wait at most for the subscriptions' state to leave Redis after the clients"
              + " left (env JOBWIRE_BENCH_SETTLE_TIMEOUT; default ${DEFAULT-VALUE}; the resume"
              + " window is 30 s by default).")
  int settleTimeout;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("redis-cost");
    try (var bench = BenchStack.start(stack, stack.capacity);
        var progress = Progress.start("redis-cost");
        var redis = RedisCounters.connect(bench.redisUri())) {
      bench.describe(report).setting("jobs", jobs).setting("connections", connections);
      report.setting("window", window).setting("capacity", stack.capacity);
      run(bench.webSocketUrl(), WARMUP_JOBS, progress); // scripts loaded, topic known, JIT warm
      redis.awaitGone(SUBSCRIPTIONS, settleTimeout, progress);
      double idlePerSecond = redis.idleRate(IDLE_SECONDS, progress);
      redis.resetStats();
      long from = System.nanoTime();
      var memoryBefore = redis.memory();
      run(bench.webSocketUrl(), jobs, progress);
      redis.awaitQuiet();
      Map<String, Long> whileRunning = redis.commandCalls();
      long subBytes = redis.memoryUsage(SUBSCRIPTIONS);
      redis.awaitGone(SUBSCRIPTIONS, settleTimeout, progress);
      Map<String, Long> calls = redis.commandCalls();
      double seconds = (System.nanoTime() - from) / 1e9;
      var memoryAfter = redis.memory();
      long jobBytes = redis.memoryUsage(JOBS);
      report.figure("commands per job, end to end", sum(calls) / (double) jobs, "commands");
      report.figure(
          "  of which until the result arrived", sum(whileRunning) / (double) jobs, "commands");
      report.figure(
          "commands per job, idle timers subtracted",
          (sum(calls) - idlePerSecond * seconds) / jobs,
          "commands");
      report.figure("  idle system (broker and front end timers)", idlePerSecond, "commands/s");
      report.figure("  measured for", seconds, "s");
      calls.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> report.figure("  " + e.getKey(), e.getValue() / (double) jobs, "per job"));
      report.figure(
          "bytes kept per finished job (used_memory growth)",
          (memoryAfter.used() - memoryBefore.used()) / (double) jobs,
          "B");
      report.figure(
          "  used_memory_dataset growth",
          (memoryAfter.dataset() - memoryBefore.dataset()) / (double) jobs,
          "B");
      report.figure(
          "  job record (MEMORY USAGE)", jobBytes / (double) (jobs + WARMUP_JOBS + 1), "B");
      report.figure("  subscription state during its resume window", subBytes / (double) jobs, "B");
      if (!"given".equals(bench.redisKind())) {
        long[] freed = redis.freedByDeleting(JOBS); // our own Redis: nobody else's jobs
        report.figure("  used_memory freed by deleting them", freed[0] / (double) freed[1], "B");
      }
    }
    report.print(spec.commandLine().getOut(), stack.json);
    return 0;
  }

  private static long sum(Map<String, Long> calls) {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code count} no-op subscriptions, {@link #window} in flight per client, until all ended. */
  private void run(String url, int count, Progress progress) throws Exception {
    var ended = new CountDownLatch(count);
    var left = new Semaphore(count);
    List<WsClient> sockets = new ArrayList<>();
    progress.show(() -> "redis-cost: " + (count - ended.getCount()) + "/" + count + " results");
    try {
      List<Thread> senders = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        var inFlight = new Semaphore(window);
        var socket =
            WsClient.to(url)
                .onText(
                    frame -> {
                      if (Frames.is(frame, "result")
                          || Frames.is(frame, "error")
                          || Frames.is(frame, "failed")) {
                        ended.countDown();
                        inFlight.release();
                      }
                    })
                .connect();
        sockets.add(socket);
        senders.add(Thread.ofVirtual().start(() -> send(socket, left, inFlight)));
      }
      if (!ended.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("only " + (count - ended.getCount()) + " results came");
      }
      for (Thread sender : senders) {
        sender.join();
      }
    } finally {
      sockets.forEach(WsClient::close);
    }
  }

  private static void send(WsClient socket, Semaphore left, Semaphore inFlight) {
    for (long ref = 0; left.tryAcquire(); ref++) {
      inFlight.acquireUninterruptibly();
      socket.send(
          "{\"op\":\"subscribe\",\"ref\":"
              + ref
              + ",\"topic\":\""
              + BenchWorker.ECHO
              + "\",\"params\":{}}");
    }
  }
}
