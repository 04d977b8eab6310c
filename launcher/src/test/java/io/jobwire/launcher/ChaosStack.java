package io.jobwire.launcher;

import io.jobwire.queue.testing.TestRedis;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker, a front end and workers as separate processes of the runnable jar against one Redis,
 * each one killable with SIGKILL and startable again on the same ports.
 */
final class ChaosStack implements AutoCloseable {
  /** Light JVMs: two cores are shared by everything in the test. */
  private static final List<String> JVM =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-Xshare:auto");

  public final TestRedis redis;
  public final int brokerPort = freePort();
  public final int ingressPort = freePort();
  public final int httpPort = freePort();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final String label;

  public ChaosStack(TestRedis redis, String label) {
    this.redis = redis;
    this.label = label;
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + httpPort + "/ws";
  }

  public void startBroker() {
    start("broker", "broker", "--redis", redis.uri(), "--bind", "tcp://127.0.0.1:" + brokerPort);
  }

  public void startFrontend() {
    start(
        "frontend",
        "frontend",
        "--redis",
        redis.uri(),
        "--auth",
        "none",
        "--port",
        String.valueOf(httpPort),
        "--ingress",
        "tcp://127.0.0.1:" + ingressPort,
        "--topics",
        "ping",
        // 20 clients subscribe 100 jobs each as fast as they can: lift the flood limits
        "--subscribe-rate",
        "100000",
        "--subscribe-rate-per-user",
        "100000",
        "--max-subscriptions",
        "1000");
  }

  public void startWorker(String id, int capacity) {
    start(
        id,
        "workers",
        "--broker",
        "tcp://127.0.0.1:" + brokerPort,
        "--capacity",
        String.valueOf(capacity),
        "--worker-id",
        id);
  }

  /** kill -9: the process gets no chance to say goodbye. */
  public void kill(String name) {
    Process process = processes.remove(name);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean frontendAccepts() {
    try (var socket = new Socket("127.0.0.1", httpPort)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void start(String name, String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path jar = Path.of(System.getProperty("jobwire.jar", "target/jobwire.jar"));
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    try {
      Path logs = Files.createDirectories(Path.of("target", "it-logs"));
      File log = logs.resolve("chaos-" + label + "-" + name + ".log").toFile();
      processes.put(
          name,
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : List.copyOf(processes.values()).reversed()) {
      process.destroy();
    }
    for (Process process : processes.values()) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    processes.clear();
    redis.close();
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
