package io.jobwire.workers;

import io.jobwire.worker.JobContext;
import io.jobwire.worker.JobHandler;
import java.util.Map;

/**
 * {@code count}: reports {@code {"i": 1}} … {@code {"i": n}}, one every {@code interval_ms}, then
 * returns {@code {"n": n}}.
 *
 * <p>Params: {@code n} (default 3, 0..100000) and {@code interval_ms} (default 200, 0..3600000).
 */
public final class CountHandler implements JobHandler {
  public static final String TOPIC = "count";

  @Override
  public Object handle(JobContext job) throws InterruptedException {
    int n = job.param("n", 3, 0, 100_000);
    int intervalMs = job.param("interval_ms", 200, 0, 3_600_000);
    for (int i = 1; i <= n; i++) {
      Thread.sleep(intervalMs); // cancel, deadline and shutdown interrupt it
      job.progress(Map.of("i", i));
    }
    return Map.of("n", n);
  }
}
