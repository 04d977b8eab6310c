package io.jobwire.launcher.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The production layout's server parts, each in a JVM of its own started as {@code scripts/jobwire
 * broker|frontend|workers} starts it ({@link ChildJvm#server}): a broker, a front end with its
 * history in Redis and generous limits, and the bench's no-op worker ({@code bench worker}). Their
 * logs go to files in the temporary directory, named when a part fails to start and kept then;
 * removed after a clean run.
 */
final class ProductionParts implements AutoCloseable {
  private static final long START_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final List<Part> parts = new ArrayList<>();
  private final int httpPort;
  private final int ingressPort;
  private boolean keepLogs;

  private record Part(String name, Process process, File log) {}

  private ProductionParts(int httpPort, int ingressPort) {
    this.httpPort = httpPort;
    this.ingressPort = ingressPort;
  }

  /** Starts the three and returns once a job went through broker and worker. */
  static ProductionParts start(String redisUri, int capacity, int echoTopics, JobQueue queue)
      throws IOException {
    var parts = new ProductionParts(freePort(), freePort());
    try {
      int brokerPort = freePort();
      String broker = "tcp://127.0.0.1:" + brokerPort;
      parts.run(
          "broker",
          "broker",
          "--redis",
          redisUri,
          "--bind",
          broker,
          "--http-port",
          "0",
          "--log-level",
          "warn");
      parts.awaitPort("broker", brokerPort);
      File topics = File.createTempFile("jobwire-bench-topics-", ".json");
      topics.deleteOnExit();
      Files.writeString(topics.toPath(), "{\"" + BenchWorker.HOLD + "\": {\"shared\": true}}");
      parts.run(
          "frontend",
          "frontend",
          "--redis",
          redisUri,
          "--history",
          "redis",
          "--auth",
          "none",
          "--port",
          Integer.toString(parts.httpPort),
          "--ingress",
          parts.ingressEndpoint(),
          "--topics-file",
          topics.getPath(),
          "--max-connections",
          "100000",
          "--idle-timeout-ms",
          "600000",
          "--max-outbound-bytes",
          Long.toString(256L * 1024 * 1024),
          "--max-outbound-messages",
          "1000000",
          "--max-subscriptions",
          Integer.toString(BenchStack.MAX_SUBSCRIPTIONS_PER_CONNECTION),
          "--subscribe-rate",
          "10000000",
          "--subscribe-rate-per-user",
          "10000000",
          "--max-jobs-per-user",
          Integer.toString(BenchStack.MAX_SUBSCRIPTIONS_PER_CONNECTION),
          "--log-level",
          "warn");
      parts.run(
          "worker",
          "bench",
          "worker",
          "--broker",
          broker,
          "--capacity",
          Integer.toString(capacity),
          "--topics",
          Integer.toString(echoTopics));
      parts.awaitPort("frontend", parts.httpPort);
      parts.awaitOneJob(queue);
      return parts;
    } catch (IOException | RuntimeException e) {
      parts.close();
      throw e;
    }
  }

  int httpPort() {
    return httpPort;
  }

  String ingressEndpoint() {
    return "tcp://127.0.0.1:" + ingressPort;
  }

  private void run(String name, String... args) throws IOException {
    File log = File.createTempFile("jobwire-bench-" + name + "-", ".log");
    parts.add(new Part(name, ChildJvm.server(log, args), log));
  }

  private void awaitPort(String name, int port) {
    long until = System.nanoTime() + START_NANOS;
    while (true) {
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return;
      } catch (IOException e) {
        checkAlive(until, name + " to listen on port " + port);
      }
    }
  }

  /** One job through Redis, broker and worker: the worker has registered. */
  private void awaitOneJob(JobQueue queue) {
    String job =
        queue.enqueue(JobRequest.of(BenchWorker.ECHO, JsonNodeFactory.instance.objectNode()));
    long until = System.nanoTime() + START_NANOS;
    while (true) {
      Optional<JobStatus> status = queue.status(job);
      if (status.isPresent() && status.get().state() == JobState.SUCCEEDED) {
        return;
      }
      checkAlive(until, "the worker to run a first job");
    }
  }

  private void checkAlive(long until, String what) {
    for (Part part : parts) {
      if (!part.process.isAlive()) {
        keepLogs = true;
        throw new IllegalStateException(
            "bench: the " + part.name + " process exited; its log: " + part.log);
      }
    }
    if (System.nanoTime() > until) {
      keepLogs = true;
      throw new IllegalStateException("bench: timed out waiting for " + what + "; logs: " + logs());
    }
    try {
      TimeUnit.MILLISECONDS.sleep(20); // polling another process: nothing to be woken by
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  /**
   * Per part (broker, frontend, worker): context switches of all its threads so far, voluntary and
   * not, from {@code /proc/PID/task/TID/status} (Linux; empty elsewhere). A thread that parks and
   * is woken again counts one: the difference over a run, per job, counts the wake-ups a job costs
   * (plus the parts' own timers, a few dozen a second).
   */
  Map<String, Long> contextSwitches() {
    Map<String, Long> switches = new LinkedHashMap<>();
    for (Part part : parts) {
      long sum = 0;
      try (var tasks = Files.list(Path.of("/proc", Long.toString(part.process.pid()), "task"))) {
        for (Path task : tasks.toList()) {
          sum += switchesOf(task.resolve("status"));
        }
      } catch (IOException | UncheckedIOException e) {
        return Map.of(); // not Linux, or the process is gone
      }
      switches.put(part.name, sum);
    }
    return switches;
  }

  private static long switchesOf(Path status) {
    long sum = 0;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("voluntary_ctxt_switches:")
            || line.startsWith("nonvoluntary_ctxt_switches:")) {
          sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the thread ended meanwhile
    }
    return sum;
  }

  private String logs() {
    return parts.stream().map(p -> p.log.getPath()).toList().toString();
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** Stops the parts in reverse order (worker first, so it drains), each with SIGTERM. */
  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      Process process = parts.get(i).process;
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      if (!keepLogs) {
        parts.get(i).log.delete();
      }
    }
    parts.clear();
  }
}
