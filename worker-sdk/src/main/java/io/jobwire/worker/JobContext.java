package io.jobwire.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One running job, as its handler sees it.
 *
 * <p>The {@code param} helpers read top-level fields of {@link #params()}; a field of the wrong
 * type or out of bounds throws {@link JobFailure} with code {@code bad_request} and {@code
 * retry:false}, so a handler can let it propagate.
 */
public interface JobContext {

  String id();

  String topic();

  /** The job's parameters: always a JSON object, empty when the client sent none. */
  JsonNode params();

  /** The authenticated user who asked for the job; empty for anonymous and background jobs. */
  Optional<String> user();

  /** 1 for the first run, 2 for the first retry, and so on. */
  int attempt();

  int maxAttempts();

  /** When the job will be failed with {@code timeout}; empty when it has no deadline. */
  Optional<Instant> deadline();

  /**
   * Pushes a {@code progress} message with {@code data} to the front end; {@code seq} counts from 1
   * within the job. Returns at once: the message is sent by the worker's I/O thread. Does nothing
   * once the job was stopped, or for a background job (no {@code reply_to}).
   */
  void progress(Object data);

  /** True once the job should stop: cancelled by the broker, past its deadline, or shut down. */
  boolean isCancelled();

  String param(String name, String defaultValue);

  boolean param(String name, boolean defaultValue);

  int param(String name, int defaultValue);

  /** An integer parameter that must lie in {@code [min, max]}. */
  int param(String name, int defaultValue, int min, int max);

  /** All parameters as {@code type} (a record or bean), via Jackson. */
  <T> T params(Class<T> type);
}
