package io.jobwire.broker.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.queue.redis.Json;

/**
 * A job that ended without a result (dead letter, or deadline passed): the front end at {@code
 * replyTo} must hear {@code failed}. {@code replyTo} and {@code route} are null when nobody
 * listens.
 */
public record DeadJob(String id, String replyTo, JsonNode route, ErrorInfo error) {

  /** From a script's {id, reply_to, route, error_json} record. */
  static DeadJob from(Object record) {
    var fields = (java.util.List<?>) record;
    return new DeadJob(
        (String) fields.get(0),
        Json.text((String) fields.get(1)),
        Json.tree((String) fields.get(2)),
        Json.error((String) fields.get(3)));
  }
}
