package io.jobwire.launcher.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A line on stderr, rewritten twice a second while a scenario runs; stdout keeps only the table.
 */
final class Progress implements AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "jobwire-bench-progress");
            t.setDaemon(true);
            return t;
          });
  private final long start = System.nanoTime();
  private volatile Supplier<String> line = () -> "";

  private Progress() {}

  static Progress start(String scenario) {
    var progress = new Progress();
    progress.timer.scheduleAtFixedRate(
        () ->
            System.err.printf(
                "\r%s %5.1f s  %-70s",
                scenario, (System.nanoTime() - progress.start) / 1e9, progress.line.get()),
        500,
        500,
        TimeUnit.MILLISECONDS);
    return progress;
  }

  /** What the line shows from now on, read from the progress thread. */
  void show(Supplier<String> text) {
    line = text;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    System.err.printf("\r%-100s\r", "");
  }
}
