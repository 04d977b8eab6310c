package io.jobwire.workers;

import io.jobwire.worker.JobContext;
import io.jobwire.worker.JobHandler;
import java.util.Locale;
import java.util.Map;

/** {@code upper}: {@code {"text":"abc"}} → result {@code {"text":"ABC"}}; no progress. */
public final class UpperHandler implements JobHandler {
  public static final String TOPIC = "upper";

  @Override
  public Object handle(JobContext job) {
    return Map.of("text", job.param("text", "").toUpperCase(Locale.ROOT));
  }
}
