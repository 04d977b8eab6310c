package io.jobwire.queue.redis;

import io.jobwire.queue.JobRequest;
import java.util.List;

/**
 * The 11 arguments per job that enqueue.lua takes after the topic (see its header), built in one
 * place.
 */
public final class EnqueueArgs {
  public static final int PER_JOB = 11;

  /**
   * Jobs per enqueue script. A bigger batch goes as several scripts in one pipeline (still one
   * round trip): a script runs alone in Redis, so the broker's claims get their turn between the
   * pieces instead of waiting out a whole batch of thousands.
   */
  public static final int SCRIPT_JOBS = 100;

  private EnqueueArgs() {}

  /**
   * @param batch the batch the job belongs to, or null
   */
  public static List<String> of(String id, JobRequest request, String batch) {
    if (request.topic().isBlank()) {
      throw new IllegalArgumentException("a job needs a topic");
    }
    return List.of(
        id,
        Json.write(request.params()),
        nullToEmpty(request.user()),
        nullToEmpty(request.replyTo()),
        Json.write(request.route()),
        Integer.toString(request.maxAttempts()),
        request.deadline() == null ? "" : request.deadline().toString(),
        request.runAt() == null ? "" : request.runAt().toString(),
        Long.toString(request.priority().rankOffsetMillis()),
        nullToEmpty(request.unique()),
        nullToEmpty(batch));
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
