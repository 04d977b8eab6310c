package io.jobwire.queue.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorInfo;

/** JSON fields as they are stored in a job hash: "" stands for null. */
public final class Json {
  private Json() {}

  public static String write(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? "" : Codec.encode(node);
  }

  public static String write(ErrorInfo error) {
    return Codec.encode(error);
  }

  public static JsonNode tree(String stored) {
    if (stored == null || stored.isEmpty()) {
      return null;
    }
    try {
      return Codec.mapper().readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON in a job record: " + e.getOriginalMessage());
    }
  }

  /**
   * Stored JSON passed through without parsing: it was valid when enqueued, and the broker only
   * copies it into the {@code job} message. Saves a parse and a re-encode per job.
   */
  public static JsonNode raw(String stored) {
    if (stored == null || stored.isEmpty()) {
      return null;
    }
    return JsonNodeFactory.instance.rawValueNode(new RawValue(stored));
  }

  public static ErrorInfo error(String stored) {
    JsonNode node = tree(stored);
    return node == null
        ? null
        : new ErrorInfo(node.path("code").asText(), node.path("message").asText());
  }

  public static String text(String stored) {
    return stored == null || stored.isEmpty() ? null : stored;
  }
}
