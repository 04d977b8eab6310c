package io.jobwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * A job as the broker hands it to a worker.
 *
 * @param replyTo the ZeroMQ endpoint of the front end that owns the subscription
 * @param route opaque to workers: copied into every message they push to {@code replyTo}
 * @param deadline epoch milliseconds after which the job is cancelled, or null
 */
public record Job(
    String id,
    String topic,
    JsonNode params,
    String user,
    @JsonProperty("reply_to") String replyTo,
    JsonNode route,
    int attempt,
    @JsonProperty("max_attempts") int maxAttempts,
    Long deadline) {

  public Job {
    Objects.requireNonNull(id, "job.id");
    Objects.requireNonNull(topic, "job.topic");
    params = params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params;
  }
}
