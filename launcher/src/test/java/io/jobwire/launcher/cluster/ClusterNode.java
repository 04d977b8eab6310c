package io.jobwire.launcher.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process of a {@link LocalCluster}: a front end, a broker or a worker pool, run from the
 * shaded jar on its own loopback address and ports, its output appended to its own log file. The
 * ports stay the same across {@link #start() restarts}, as they would on a machine.
 */
public final class ClusterNode {
  /** Light JVMs: two cores are shared by everything in the test. */
  private static final List<String> JVM =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-Xshare:auto");

  /** What the process runs: the {@code jobwire} command. */
  public enum Role {
    FRONTEND("frontend"),
    BROKER("broker"),
    WORKERS("workers");

    final String command;

    Role(String command) {
      this.command = command;
    }
  }

  /** The time format of the jar's log lines (logback.xml), so harness lines sort with them. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final String name;
  private final Role role;
  private final String host;
  private final Map<String, Integer> ports;
  private final List<String> args;
  private final Path log;
  private Process process;

  ClusterNode(
      String name,
      Role role,
      String host,
      Map<String, Integer> ports,
      List<String> args,
      Path log) {
    this.name = name;
    this.role = role;
    this.host = host;
    this.ports = Map.copyOf(ports);
    this.args = List.copyOf(args);
    this.log = log;
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  /** The loopback address that stands for this node's machine, e.g. {@code 127.0.0.2}. */
  public String host() {
    return host;
  }

  /** A port by its use: {@code http}, {@code ingress} (front end), {@code zmq} (broker). */
  public int port(String use) {
    Integer port = ports.get(use);
    if (port == null) {
      throw new IllegalArgumentException(name + " has no " + use + " port; it has " + ports);
    }
    return port;
  }

  /**
   * Whether its HTTP port speaks TLS: started with {@code --tls-cert} or {@code --tls-keystore}.
   */
  public boolean tls() {
    return args.contains("--tls-cert") || args.contains("--tls-keystore");
  }

  /** The front end's WebSocket URL, {@code wss://} with TLS. */
  public String wsUrl() {
    return (tls() ? "wss://" : "ws://") + host + ":" + port("http") + "/ws";
  }

  /** {@code http(s)://HOST:PORT} of the front end's pages or the broker's health and metrics. */
  public String httpBase() {
    return (tls() ? "https://" : "http://") + host + ":" + port("http");
  }

  /** The broker's ROUTER endpoint (workers connect here) or the front end's ingress. */
  public String zmqEndpoint() {
    return "tcp://" + host + ":" + port(role == Role.FRONTEND ? "ingress" : "zmq");
  }

  /** The command-line arguments after {@code jobwire ROLE}. */
  public List<String> args() {
    return args;
  }

  public Path log() {
    return log;
  }

  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(name + " is not running");
    }
    return process.pid();
  }

  /** Starts the process (again), appending to its log after a line that says so. */
  synchronized void start() {
    if (alive()) {
      throw new IllegalStateException(name + " is already running as pid " + process.pid());
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Path jar = Path.of(System.getProperty("jobwire.jar", "target/jobwire.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath() + " is missing: build it with ./mvnw -B package -pl launcher -am");
    }
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM);
    command.addAll(List.of("-jar", jar.toString(), role.command));
    command.addAll(args);
    note("starting: " + String.join(" ", command));
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * kill -9. On Linux {@link Process#destroyForcibly()} sends SIGKILL; the exit code 137 (128 + 9)
   * proves it, and anything else means the process had died on its own before.
   */
  synchronized void kill9() throws InterruptedException {
    Process victim = runningProcess();
    victim.destroyForcibly();
    int exit = victim.waitFor();
    note("killed with SIGKILL (exit " + exit + ")");
    if (exit != 137) {
      throw new IllegalStateException(
          name + " exited with " + exit + ", not 137 (SIGKILL): it had died before; see " + log);
    }
  }

  /** SIGTERM, then SIGKILL after {@code graceSeconds}; returns the exit code (-1: never ran). */
  synchronized int stop(long graceSeconds) throws InterruptedException {
    if (process == null) {
      return -1;
    }
    if (!process.isAlive()) {
      return process.exitValue();
    }
    process.destroy();
    if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
      note("still running " + graceSeconds + " s after SIGTERM; SIGKILL");
      process.destroyForcibly();
    }
    int exit = process.waitFor();
    note("stopped (exit " + exit + ")");
    return exit;
  }

  /** SIGKILL without waiting, for a JVM that is going away. */
  synchronized void destroyNow() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  /** The last lines of the log, for failure messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }

  private Process runningProcess() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(
          name
              + " is not running"
              + (process == null ? "" : " (exit " + process.exitValue() + ")"));
    }
    return process;
  }

  /** A line in the node's log from the harness, so a reader sees kills and restarts in place. */
  private void note(String what) {
    try {
      Files.writeString(
          log,
          "%s ===== [harness] %s %s%n".formatted(TIME.format(LocalTime.now()), name, what),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "%s (%s on %s, ports %s, log %s)".formatted(name, role.command, host, ports, log);
  }
}
