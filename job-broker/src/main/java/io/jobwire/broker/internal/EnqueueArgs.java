package io.jobwire.broker.internal;

import io.jobwire.broker.JobRequest;
import java.util.List;

/** The 13 arguments per job that enqueue.lua takes (see its header), built in one place. */
final class EnqueueArgs {
  static final int PER_JOB = 13;

  private EnqueueArgs() {}

  /**
   * @param newTopic whether the caller has not yet added the topic to the topics set
   * @param batch the batch the job belongs to, or null
   */
  static List<String> of(String id, JobRequest request, boolean newTopic, String batch) {
    if (request.topic().isBlank()) {
      throw new IllegalArgumentException("a job needs a topic");
    }
    return List.of(
        id,
        request.topic(),
        Json.write(request.params()),
        nullToEmpty(request.user()),
        nullToEmpty(request.replyTo()),
        Json.write(request.route()),
        Integer.toString(request.maxAttempts()),
        request.deadline() == null ? "" : request.deadline().toString(),
        request.runAt() == null ? "" : request.runAt().toString(),
        Long.toString(request.priority().rankOffsetMillis()),
        nullToEmpty(request.unique()),
        newTopic ? "1" : "0",
        nullToEmpty(batch));
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
