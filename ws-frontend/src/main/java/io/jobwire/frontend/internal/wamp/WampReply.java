package io.jobwire.frontend.internal.wamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;

/**
 * The router's messages as {@code wamp.2.json} text. A jobwire {@code data} value travels as the
 * one positional argument, so Autobahn hands it to the caller or handler as it is.
 */
final class WampReply {
  private WampReply() {}

  static String welcome(long session, ObjectNode details) {
    return encode(array(WampMessage.WELCOME).add(session).add(details));
  }

  static String abort(String reason, String message) {
    return encode(array(WampMessage.ABORT).add(withMessage(message)).add(reason));
  }

  /** WAMP-Ticket: the client answers with {@code AUTHENTICATE} carrying its ticket. */
  static String challengeTicket() {
    return encode(array(WampMessage.CHALLENGE).add("ticket").add(object()));
  }

  /** {@code [GOODBYE, {message?}, reason]}; {@code message} may be null. */
  static String goodbye(String reason, String message) {
    return encode(array(WampMessage.GOODBYE).add(withMessage(message)).add(reason));
  }

  /** {@code [ERROR, type, request, {}, error, [message], kwargs?]}; {@code kwargs} may be null. */
  static String error(
      int requestType, long request, String error, String message, ObjectNode kwargs) {
    ArrayNode frame =
        array(WampMessage.ERROR).add(requestType).add(request).add(object()).add(error);
    frame.addArray().add(message == null ? "" : message);
    if (kwargs != null) {
      frame.add(kwargs);
    }
    return encode(frame);
  }

  /** {@code [RESULT, request, {progress?}, [data]]}. */
  static String result(long request, JsonNode data, boolean progress) {
    ObjectNode details = object();
    if (progress) {
      details.put("progress", true);
    }
    return encode(withData(array(WampMessage.RESULT).add(request).add(details), data));
  }

  static String subscribed(long request, long subscription) {
    return encode(array(WampMessage.SUBSCRIBED).add(request).add(subscription));
  }

  static String unsubscribed(long request) {
    return encode(array(WampMessage.UNSUBSCRIBED).add(request));
  }

  static String published(long request, long publication) {
    return encode(array(WampMessage.PUBLISHED).add(request).add(publication));
  }

  /** {@code [EVENT, subscription, publication, {}, [data]]}. */
  static String event(long subscription, long publication, JsonNode data) {
    return encode(
        withData(array(WampMessage.EVENT).add(subscription).add(publication).add(object()), data));
  }

  private static ArrayNode withData(ArrayNode frame, JsonNode data) {
    if (data != null && !data.isMissingNode()) {
      frame.addArray().add(data);
    }
    return frame;
  }

  private static ObjectNode withMessage(String message) {
    ObjectNode details = object();
    if (message != null) {
      details.put("message", message);
    }
    return details;
  }

  private static ArrayNode array(int type) {
    return Codec.mapper().createArrayNode().add(type);
  }

  private static ObjectNode object() {
    return Codec.mapper().createObjectNode();
  }

  private static String encode(ArrayNode frame) {
    return Codec.encode(frame);
  }
}
