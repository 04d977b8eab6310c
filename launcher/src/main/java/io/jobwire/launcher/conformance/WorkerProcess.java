package io.jobwire.launcher.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker under test, started from a shell command line. {@code {broker}} in the command is
 * replaced by the endpoint to connect to (several, comma-separated, for the two-broker check),
 * which is also in {@code JOBWIRE_BROKER}. {@code JOBWIRE_GRACE} is 1 s unless the kit's own
 * environment sets it, so that the SIGTERM check does not wait out a long grace period.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static final String GRACE_SECONDS = "1";

  static WorkerProcess start(String command, String broker, Path log) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    var builder =
        new ProcessBuilder("sh", "-c", "exec " + command.replace("{broker}", broker))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("JOBWIRE_BROKER", broker);
    builder.environment().putIfAbsent("JOBWIRE_GRACE", GRACE_SECONDS);
    return new WorkerProcess(builder.start(), log);
  }

  /** Sends SIGTERM and returns at once: the worker should hand its jobs back and say bye. */
  void terminate() {
    process.destroy();
  }

  /** The exit code once it exited within {@code seconds}, else null. */
  Integer exitCode(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** The last lines of the worker's output, for a report. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGTERM, up to 15 s to drain and say bye, then SIGKILL. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
