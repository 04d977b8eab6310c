package io.jobwire.queue.local;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@code redis-server} child process on 127.0.0.1, its files in a directory of the caller's
 * ({@code NAME.log}, {@code NAME.rdb}, the append-only file). Started by {@link #builder}; {@link
 * #close()} stops it cleanly, {@link #kill()} as a crash would.
 *
 * <pre>
 * try (var redis = LocalRedis.builder(binary, LocalRedis.newDir("redis-")).start()) {
 *   connect(redis.uri());
 * }
 * </pre>
 */
public final class LocalRedis implements AutoCloseable {
  public static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Process process;
  private final int port;
  private final Path log;

  private LocalRedis(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** A server of {@code binary} (a {@code redis-server}) whose files go to {@code dir}. */
  public static Builder builder(Path binary, Path dir) {
    return new Builder(binary, dir);
  }

  /** The absolute path of the executable {@code name} on the PATH, if there is one. */
  public static Optional<Path> onPath(String name) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(entry, name);
      if (candidate.canExecute()) {
        return Optional.of(candidate.toPath().toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /** A port nothing listens on at the moment, on the loopback interface. */
  public static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A fresh directory {@code prefix…} under {@code java.io.tmpdir} (created if missing). */
  public static Path newDir(String prefix) throws IOException {
    Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    return Files.createTempDirectory(tmp, prefix);
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Where the server writes its log. */
  public Path log() {
    return log;
  }

  /** SIGKILLs the server (a crash: nothing is flushed) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the server to shut down (SIGTERM); kills it if it is not gone within a few seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Starts {@code command} with its output appended to {@code log}. */
  static Process launch(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private void awaitListening() throws IOException {
    long until = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (answersPing() && process.isAlive()) {
        return;
      }
      if (!process.isAlive() || System.nanoTime() > until) {
        kill();
        throw new IOException("redis did not start on port " + port + "; see " + log);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  // A PING, not just a connect: something else may hold the port (then our server exits), and a
  // server still loading its append-only file answers -LOADING.
  private boolean answersPing() {
    try (var probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
      probe.setSoTimeout(200);
      probe.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = probe.getInputStream().readNBytes(5);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /** What to start; reusable, so a server can be started again on the port it had. */
  public static final class Builder {
    private final Path binary;
    private final Path dir;
    private String name = "redis";
    private int port;
    private boolean appendOnly;
    private List<String> args = List.of();
    private List<String> sentinel;

    private Builder(Path binary, Path dir) {
      this.binary = binary;
      this.dir = dir;
    }

    /** Names the files: {@code NAME.log}, {@code NAME.rdb}, {@code NAME.conf}; "redis" if unset. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The port to listen on; 0 (the default) for a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Writes every change to the append-only file before replying ({@code appendonly yes}, {@code
     * appendfsync always}), so a restart after {@link #kill()} has every acknowledged write.
     */
    public Builder appendOnly(boolean appendOnly) {
      this.appendOnly = appendOnly;
      return this;
    }

    /** More {@code redis-server} arguments, such as {@code --cluster-enabled yes}. */
    public Builder args(List<String> args) {
      this.args = List.copyOf(args);
      return this;
    }

    /** Runs a Sentinel instead, its config file {@code NAME.conf} holding these lines. */
    public Builder sentinel(List<String> configLines) {
      this.sentinel = List.copyOf(configLines);
      return this;
    }

    /** Starts the server and returns once it answers PING. */
    public LocalRedis start() throws IOException {
      int chosen = port > 0 ? port : freePort();
      List<String> command = new ArrayList<>(List.of(binary.toString()));
      if (sentinel != null) {
        Path conf = dir.resolve(name + ".conf");
        List<String> lines = new ArrayList<>(List.of("port " + chosen, "bind 127.0.0.1"));
        lines.add("dir " + dir);
        lines.addAll(sentinel);
        Files.writeString(conf, String.join("\n", lines) + "\n");
        command.addAll(List.of(conf.toString(), "--sentinel"));
      } else {
        command.addAll(List.of("--port", String.valueOf(chosen), "--bind", "127.0.0.1"));
        command.addAll(List.of("--dir", dir.toString(), "--dbfilename", name + ".rdb"));
        command.addAll(List.of("--save", "", "--appendonly", appendOnly ? "yes" : "no"));
        command.addAll(List.of("--appendfsync", "always"));
      }
      command.addAll(args);
      Path log = dir.resolve(name + ".log");
      var redis = new LocalRedis(launch(command, log), chosen, log);
      redis.awaitListening();
      return redis;
    }
  }
}
