package io.jobwire.workers;

import io.jobwire.worker.JobContext;
import io.jobwire.worker.JobHandler;
import java.util.Map;

/**
 * {@code ping}: reports {@code {"tick": n}} once per {@code interval_ms}, {@code count} times, then
 * returns {@code {"ticks": count}}.
 *
 * <p>Params: {@code count} (default 3, 0..1000) and {@code interval_ms} (default 1000, 0..60000).
 */
public final class PingHandler implements JobHandler {
  public static final String TOPIC = "ping";
  public static final int DEFAULT_COUNT = 3;
  public static final int MAX_COUNT = 1000;
  public static final int DEFAULT_INTERVAL_MS = 1000;
  public static final int MAX_INTERVAL_MS = 60_000;

  @Override
  public Object handle(JobContext job) throws InterruptedException {
    int count = job.param("count", DEFAULT_COUNT, 0, MAX_COUNT);
    int intervalMs = job.param("interval_ms", DEFAULT_INTERVAL_MS, 0, MAX_INTERVAL_MS);
    for (int tick = 1; tick <= count; tick++) {
      Thread.sleep(intervalMs); // a cancel or deadline interrupts the sleep and ends the job
      job.progress(Map.of("tick", tick));
    }
    return Map.of("ticks", count);
  }
}
