package io.jobwire.frontend.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ServerMessage;

/**
 * The errors a {@code subscribe}, resume or {@code unsubscribe} is refused with, each saying what
 * to do.
 */
public final class Refusals {
  private Refusals() {}

  static ServerMessage.Error unknownTopic(JsonNode ref, String topic) {
    return new ServerMessage.Error(
        ref, ErrorCode.UNKNOWN_TOPIC, "topic '" + topic + "' is not offered here");
  }

  static ServerMessage.Error notBatchable(JsonNode ref, String topic) {
    return new ServerMessage.Error(
        ref,
        ErrorCode.BAD_REQUEST,
        "topic '" + topic + "' is shared or recurring: a 'batch' needs a one-shot topic");
  }

  static ServerMessage.Error tooManySubscriptions(JsonNode ref, int max) {
    return new ServerMessage.Error(
        ref,
        ErrorCode.TOO_MANY_SUBSCRIPTIONS,
        "at most " + max + " subscriptions per connection; unsubscribe one first");
  }

  static ServerMessage.Error stillQueueing(JsonNode ref, String subId) {
    return new ServerMessage.Error(
        ref,
        ErrorCode.UNAVAILABLE,
        "subscription '" + subId + "' is still being queued; try again shortly");
  }

  static ServerMessage.Error ended(JsonNode ref, String subId) {
    return new ServerMessage.Error(
        ref, ErrorCode.NOT_FOUND, "subscription '" + subId + "' has ended");
  }

  /** A resume of a subscription that is nowhere (any more). */
  public static ServerMessage.Error notFound(JsonNode ref, String subId) {
    return new ServerMessage.Error(
        ref,
        ErrorCode.NOT_FOUND,
        "no subscription '"
            + subId
            + "' to resume: it ended or its resume window passed; subscribe again");
  }

  /** A resume or unsubscribe of another user's subscription. */
  public static ServerMessage.Error forbidden(JsonNode ref, String sub) {
    return new ServerMessage.Error(
        ref, ErrorCode.FORBIDDEN, "subscription '" + sub + "' belongs to another user");
  }
}
