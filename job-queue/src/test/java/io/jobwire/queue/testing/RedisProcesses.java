package io.jobwire.queue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code redis-server} (and {@code redis-cli}) processes of one test set-up: each logs to its
 * own file in one directory under the build's {@code java.io.tmpdir}; {@link #close()} SIGKILLs
 * them all, newest first.
 */
final class RedisProcesses implements AutoCloseable {
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();

  /** A fresh directory named {@code prefix…} for the processes' files. */
  RedisProcesses(String prefix) {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      this.dir = Files.createTempDirectory(tmp, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  /** Starts {@code command}, its output appended to {@code name.log}. */
  Process start(String name, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
            .start();
    processes.add(process);
    return process;
  }

  /** Waits until something accepts connections on the loopback {@code port}. */
  void awaitPort(int port) throws IOException {
    awaitPort(port, Duration.ofSeconds(10), dir);
  }

  static void awaitPort(int port, Duration timeout, Path logs) throws IOException {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (var probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > until) {
          throw new IOException("redis did not start on port " + port + " (see " + logs + ")", e);
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
  }

  /** SIGKILLs one process and waits for it to be gone. */
  static void kill(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    processes.reversed().forEach(RedisProcesses::kill);
  }
}
