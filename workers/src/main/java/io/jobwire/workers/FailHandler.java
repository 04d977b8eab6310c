package io.jobwire.workers;

import io.jobwire.worker.JobContext;
import io.jobwire.worker.JobFailure;
import io.jobwire.worker.JobHandler;
import java.util.Map;

/**
 * {@code fail}: fails on purpose with code {@code requested}, so retries and dead letters can be
 * seen (and tested). Params: {@code retry} (default true) is the failure's {@code retry} flag;
 * {@code succeed_on} (default: never) is the attempt that returns {@code {"attempt": N}} instead.
 */
public final class FailHandler implements JobHandler {
  public static final String TOPIC = "fail";

  @Override
  public Object handle(JobContext job) {
    boolean retry = job.param("retry", true);
    int succeedOn = job.param("succeed_on", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    if (job.attempt() >= succeedOn) {
      return Map.of("attempt", job.attempt());
    }
    throw new JobFailure("requested", "failed on request (attempt " + job.attempt() + ")", retry);
  }
}
