package io.jobwire.broker.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.ScriptReply;

/**
 * A job that ended without a result (dead letter, or deadline passed): the front end at {@code
 * replyTo} must hear {@code failed}. {@code replyTo} and {@code route} are null when nobody
 * listens.
 */
public record DeadJob(String id, String replyTo, JsonNode route, ErrorInfo error) {

  /** From a script's {id, reply_to, route, error_json} record. */
  static DeadJob from(ScriptReply record) {
    return new DeadJob(
        record.string(0),
        Json.text(record.string(1)),
        Json.tree(record.string(2)),
        Json.error(record.string(3)));
  }
}
