package io.jobwire.launcher.bench;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.broker.JobQueue;
import io.jobwire.frontend.ClusterConfig;
import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.Limits;
import io.jobwire.launcher.EmbeddedRedis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.util.SafeEncoder;

/**
 * What one job costs Redis, read from Redis's own counters: commands per job (INFO commandstats,
 * commands run inside scripts counted as Redis counts them) and bytes kept per finished job (MEMORY
 * USAGE of the job records and subscription state left behind, and the used_memory delta).
 */
@Command(
    name = "redis-cost",
    mixinStandardHelpOptions = true,
    description = {
      "Redis commands per job and bytes kept per finished job, from Redis's own counters.",
      "",
      "Starts redis-server (or uses --redis), a broker, a front end with --history redis (the"
          + " frontend command's default) and a no-op worker, as the production layout runs"
          + " them (in one process: Redis sees the same traffic). --jobs no-op subscriptions"
          + " over --connections WebSocket clients; INFO commandstats is reset after a warm-up,"
          + " then read once every result arrived and the front end wrote its history."
    })
final class RedisCostScenario implements Callable<Integer> {
  private static final String P = "jobwire:{main}:";

  @Spec CommandSpec spec;

  @Option(
      names = "--redis",
      paramLabel = "URI",
      defaultValue = "${env:JOBWIRE_BENCH_REDIS}",
      description =
          "A running Redis to use (env JOBWIRE_BENCH_REDIS; it must be empty: its counters are"
              + " reset); default: start redis-server from the PATH on a free port.")
  String redis;

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
      names = "--json",
      description = "Print the figures as one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    BenchCommand.quietLogs();
    var report = new Report("redis-cost");
    List<AutoCloseable> parts = new ArrayList<>();
    try (var progress = Progress.start("redis-cost")) {
      String uri = redis;
      if (uri == null || uri.isBlank()) {
        EmbeddedRedis server = own(parts, EmbeddedRedis.start(0, true));
        uri = server.uri();
        report.setting("redis", server.kind());
      } else {
        report.setting("redis", "given");
      }
      var broker =
          own(
              parts,
              Broker.start(BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(uri).build()));
      var queue = own(parts, JobQueue.redis(uri));
      var frontend = own(parts, Frontend.start(frontendConfig(uri), queue));
      own(parts, BenchWorker.build(broker.endpoint(), 50)).start();
      String url = "ws://127.0.0.1:" + frontend.httpPort() + "/ws";
      report.setting("layout", "broker + frontend --history redis + worker, defaults");
      report.setting("jobs", jobs).setting("connections", connections).setting("window", window);
      try (var raw = RedisClient.create(URI.create(uri))) {
        run(url, Math.min(jobs, 500), progress); // scripts loaded, topic known, JIT warm
        quiet();
        command(raw, "CONFIG", "RESETSTAT");
        long memoryBefore = usedMemory(raw);
        run(url, jobs, progress);
        quiet(); // the last history flushes, and what a quiet second costs anyway
        Map<String, Long> calls = commandCalls(raw);
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        long memoryAfter = usedMemory(raw);
        report.figure("commands per job", (double) total / jobs, "commands");
        calls.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(24)
            .forEach(
                e -> report.figure("  " + e.getKey(), (double) e.getValue() / jobs, "per job"));
        long jobBytes = memoryUsage(raw, P + "job:*");
        long subBytes = memoryUsage(raw, P + "sub:*");
        int finished = jobs + Math.min(jobs, 500);
        report.figure(
            "bytes kept per finished job", (double) (jobBytes + subBytes) / finished, "B");
        report.figure("  job record", (double) jobBytes / finished, "B");
        report.figure("  subscription state and history", (double) subBytes / finished, "B");
        report.figure(
            "used_memory growth per job", (double) (memoryAfter - memoryBefore) / jobs, "B");
      }
    } finally {
      for (AutoCloseable part : parts.reversed()) {
        try {
          part.close();
        } catch (Exception e) {
          System.err.println("bench: error while stopping: " + e);
        }
      }
    }
    report.print(spec.commandLine().getOut(), json);
    return 0;
  }

  private static <T extends AutoCloseable> T own(List<AutoCloseable> parts, T part) {
    parts.add(part);
    return part;
  }

  private static FrontendConfig frontendConfig(String redisUri) {
    Limits limits =
        Limits.defaults().withMaxConnections(10_000).withSubscribeRates(10_000_000, 10_000_000);
    return FrontendConfig.builder()
        .port(0)
        .ingressBind("tcp://127.0.0.1:*")
        .topics(Set.of(FrontendConfig.ANY_TOPIC))
        .maxSubscriptionsPerConnection(BenchStack.MAX_SUBSCRIPTIONS_PER_CONNECTION)
        .limits(limits)
        .cluster(ClusterConfig.redis(redisUri))
        .build();
  }

  /** {@code count} no-op subscriptions, {@link #window} in flight per client, until all ended. */
  private void run(String url, int count, Progress progress) throws Exception {
    var ended = new CountDownLatch(count);
    var left = new Semaphore(count);
    List<BenchSocket> sockets = new ArrayList<>();
    progress.show(() -> "redis-cost: " + (count - ended.getCount()) + "/" + count + " results");
    try {
      List<Thread> senders = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        var inFlight = new Semaphore(window);
        var socket =
            BenchSocket.connect(
                url,
                frame -> {
                  if (BenchSocket.is(frame, "result")
                      || BenchSocket.is(frame, "error")
                      || BenchSocket.is(frame, "failed")) {
                    ended.countDown();
                    inFlight.release();
                  }
                });
        sockets.add(socket);
        senders.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (long ref = 0; left.tryAcquire(); ref++) {
                        inFlight.acquireUninterruptibly();
                        socket.send(
                            "{\"op\":\"subscribe\",\"ref\":"
                                + ref
                                + ",\"topic\":\""
                                + BenchWorker.ECHO
                                + "\",\"params\":{}}");
                      }
                    }));
      }
      if (!ended.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("only " + (count - ended.getCount()) + " results came");
      }
      for (Thread sender : senders) {
        sender.join();
      }
    } finally {
      sockets.forEach(BenchSocket::close);
    }
  }

  /** Lets the front end write its last turn and the broker its acks. */
  private static void quiet() throws InterruptedException {
    Thread.sleep(Duration.ofSeconds(1));
  }

  private static Object command(RedisClient raw, String name, String... args) {
    return raw.sendCommand(() -> SafeEncoder.encode(name), args);
  }

  private static String info(RedisClient raw, String section) {
    return SafeEncoder.encode((byte[]) command(raw, "INFO", section));
  }

  private static long usedMemory(RedisClient raw) {
    for (String line : info(raw, "memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("no used_memory in INFO memory");
  }

  /** Calls per command since the reset, without this bench's own INFO/CONFIG/SCAN/MEMORY. */
  private static Map<String, Long> commandCalls(RedisClient raw) {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : info(raw, "commandstats").split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      if (name.startsWith("info") || name.startsWith("config")) {
        continue;
      }
      int at = line.indexOf("calls=") + "calls=".length();
      int end = line.indexOf(',', at);
      calls.put(name, Long.parseLong(line.substring(at, end)));
    }
    return calls;
  }

  /** Sum of MEMORY USAGE (exact, SAMPLES 0) over the keys matching {@code pattern}. */
  private static long memoryUsage(RedisClient raw, String pattern) {
    long bytes = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    var params = new ScanParams().match(pattern).count(1000);
    do {
      var page = raw.scan(cursor, params);
      for (String key : page.getResult()) {
        Long used = (Long) command(raw, "MEMORY", "USAGE", key, "SAMPLES", "0");
        bytes += used == null ? 0 : used;
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return bytes;
  }
}
