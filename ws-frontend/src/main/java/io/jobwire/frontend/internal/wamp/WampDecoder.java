package io.jobwire.frontend.internal.wamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.MessageLimits;
import io.jobwire.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes one {@code wamp.2.json} text message and checks it against the Basic Profile: array
 * shape, types, ids in 1..2^53, URIs ({@link WampUris}). Messages only a router sends, and unknown
 * types, are protocol violations.
 */
final class WampDecoder {
  /** The largest WAMP id: 2^53, so that every id is exact in JavaScript. */
  static final long MAX_ID = 1L << 53;

  private static final Set<String> CANCEL_MODES = Set.of("skip", "kill", "killnowait");

  private WampDecoder() {}

  static WampMessage decode(String text) throws WampViolation {
    JsonNode root;
    try {
      root = Codec.parse(text);
    } catch (ProtocolException e) {
      throw WampViolation.abort(WampViolation.PROTOCOL_VIOLATION, "not JSON: " + e.getMessage());
    }
    if (!root.isArray() || root.isEmpty() || !root.get(0).canConvertToExactIntegral()) {
      throw WampViolation.abort(
          WampViolation.PROTOCOL_VIOLATION, "a WAMP message is a JSON array [type, ...]");
    }
    ArrayNode frame = (ArrayNode) root;
    int type = frame.get(0).asInt();
    return switch (type) {
      case WampMessage.HELLO -> hello(frame);
      case WampMessage.AUTHENTICATE -> {
        shape(frame, 3, 3, "AUTHENTICATE");
        yield new WampMessage.Authenticate(string(frame, 1, "Signature"));
      }
      case WampMessage.GOODBYE -> {
        shape(frame, 3, 3, "GOODBYE");
        dict(frame, 1, "Details");
        yield new WampMessage.Goodbye(string(frame, 2, "Reason"));
      }
      case WampMessage.ABORT -> {
        shape(frame, 3, 3, "ABORT");
        yield new WampMessage.Abort(frame.get(2).asText());
      }
      case WampMessage.CALL -> call(frame);
      case WampMessage.CANCEL -> cancel(frame);
      case WampMessage.SUBSCRIBE -> subscribe(frame);
      case WampMessage.UNSUBSCRIBE -> {
        shape(frame, 3, 3, "UNSUBSCRIBE");
        long request = id(frame, 1, "Request");
        yield new WampMessage.Unsubscribe(request, id(frame, 2, "Subscription"));
      }
      case WampMessage.PUBLISH -> publish(frame);
      case WampMessage.REGISTER, WampMessage.UNREGISTER -> {
        shape(frame, 3, 4, "REGISTER/UNREGISTER");
        yield new WampMessage.Unsupported(type, id(frame, 1, "Request"));
      }
      default ->
          throw WampViolation.abort(
              WampViolation.PROTOCOL_VIOLATION,
              "message type " + type + " is not one a client sends to this router");
    };
  }

  /**
   * The jobwire {@code data} of positional and keyword arguments: the one argument alone, the
   * keywords alone, {@code {"args":[...],"kwargs":{...}}} for both, null for neither.
   */
  static JsonNode data(ArrayNode args, ObjectNode kwargs) {
    boolean hasArgs = args != null && !args.isEmpty();
    boolean hasKwargs = kwargs != null && !kwargs.isEmpty();
    if (hasArgs && !hasKwargs && args.size() == 1) {
      return args.get(0);
    }
    if (!hasArgs && hasKwargs) {
      return kwargs;
    }
    if (!hasArgs) {
      return NullNode.getInstance();
    }
    ObjectNode both = Codec.mapper().createObjectNode();
    both.set("args", args);
    if (hasKwargs) {
      both.set("kwargs", kwargs);
    }
    return both;
  }

  private static WampMessage hello(ArrayNode frame) throws WampViolation {
    shape(frame, 3, 3, "HELLO");
    String realm = string(frame, 1, "Realm");
    ObjectNode details = dict(frame, 2, "Details");
    if (!details.path("roles").isObject()) {
      throw WampViolation.abort(
          WampViolation.PROTOCOL_VIOLATION, "HELLO.Details.roles must be a dict of roles");
    }
    List<String> methods = new ArrayList<>();
    for (JsonNode method : details.path("authmethods")) {
      methods.add(method.asText());
    }
    JsonNode authId = details.get("authid");
    return new WampMessage.Hello(
        realm, List.copyOf(methods), authId != null && authId.isTextual() ? authId.asText() : null);
  }

  private static WampMessage call(ArrayNode frame) throws WampViolation {
    shape(frame, 4, 6, "CALL");
    long request = id(frame, 1, "Request");
    ObjectNode options = dict(frame, 2, "Options");
    String procedure = uri(frame, 3, WampMessage.CALL, request);
    JsonNode progress = options.path("receive_progress");
    JsonNode timeout = options.path("timeout");
    if (!progress.isMissingNode() && !progress.isBoolean()) {
      throw invalid(WampMessage.CALL, request, "Options.receive_progress must be a boolean");
    }
    if (!timeout.isMissingNode()
        && (!timeout.canConvertToExactIntegral() || timeout.asLong() < 0)) {
      throw invalid(WampMessage.CALL, request, "Options.timeout must be an integer of ms >= 0");
    }
    ObjectNode params = params(frame, WampMessage.CALL, request);
    return new WampMessage.Call(
        request, procedure, progress.asBoolean(false), timeout.asLong(0), params);
  }

  /** The job's {@code params}: the keywords, with the positional arguments under {@code args}. */
  private static ObjectNode params(ArrayNode frame, int type, long request) throws WampViolation {
    ArrayNode args = arguments(frame, type, request);
    ObjectNode kwargs = keywords(frame, type, request);
    ObjectNode params = kwargs != null ? kwargs.deepCopy() : Codec.mapper().createObjectNode();
    if (args != null && !args.isEmpty()) {
      if (params.has("args")) {
        throw invalid(type, request, "pass 'args' either as positional arguments or as a keyword");
      }
      params.set("args", args);
    }
    try {
      MessageLimits.requireParamsDepth(params);
    } catch (IllegalArgumentException e) {
      throw invalid(type, request, e.getMessage());
    }
    return params;
  }

  private static WampMessage cancel(ArrayNode frame) throws WampViolation {
    shape(frame, 3, 3, "CANCEL");
    long request = id(frame, 1, "Request");
    String mode = dict(frame, 2, "Options").path("mode").asText("killnowait");
    if (!CANCEL_MODES.contains(mode)) {
      throw invalid(WampMessage.CANCEL, request, "Options.mode must be skip, kill or killnowait");
    }
    return new WampMessage.Cancel(request, mode);
  }

  private static WampMessage subscribe(ArrayNode frame) throws WampViolation {
    shape(frame, 4, 4, "SUBSCRIBE");
    long request = id(frame, 1, "Request");
    String match = dict(frame, 2, "Options").path("match").asText("exact");
    if (!match.equals("exact")) {
      throw WampViolation.error(
          WampViolation.OPTION_NOT_ALLOWED,
          "only exact topic matching is supported, not '" + match + "'",
          WampMessage.SUBSCRIBE,
          request);
    }
    return new WampMessage.Subscribe(request, uri(frame, 3, WampMessage.SUBSCRIBE, request));
  }

  private static WampMessage publish(ArrayNode frame) throws WampViolation {
    shape(frame, 4, 6, "PUBLISH");
    long request = id(frame, 1, "Request");
    ObjectNode options = dict(frame, 2, "Options");
    String topic = uri(frame, 3, WampMessage.PUBLISH, request);
    ArrayNode args = arguments(frame, WampMessage.PUBLISH, request);
    ObjectNode kwargs = keywords(frame, WampMessage.PUBLISH, request);
    return new WampMessage.Publish(
        request,
        topic,
        options.path("acknowledge").asBoolean(false),
        options.path("exclude_me").asBoolean(true),
        args,
        kwargs);
  }

  private static ArrayNode arguments(ArrayNode frame, int type, long request) throws WampViolation {
    if (frame.size() <= 4) {
      return null;
    }
    if (!frame.get(4).isArray()) {
      throw invalid(type, request, "Arguments must be a list");
    }
    return (ArrayNode) frame.get(4);
  }

  private static ObjectNode keywords(ArrayNode frame, int type, long request) throws WampViolation {
    if (frame.size() <= 5) {
      return null;
    }
    if (!frame.get(5).isObject()) {
      throw invalid(type, request, "ArgumentsKw must be a dict");
    }
    return (ObjectNode) frame.get(5);
  }

  private static void shape(ArrayNode frame, int min, int max, String name) throws WampViolation {
    if (frame.size() < min || frame.size() > max) {
      throw WampViolation.abort(
          WampViolation.PROTOCOL_VIOLATION,
          name + " has " + min + (min == max ? "" : ".." + max) + " elements, got " + frame.size());
    }
  }

  private static long id(ArrayNode frame, int index, String name) throws WampViolation {
    JsonNode id = frame.get(index);
    if (!id.canConvertToExactIntegral()
        || !id.canConvertToLong()
        || id.asLong() < 1
        || id.asLong() > MAX_ID) {
      throw WampViolation.abort(
          WampViolation.PROTOCOL_VIOLATION, name + " must be an id, an integer in 1..2^53");
    }
    return id.asLong();
  }

  private static String string(ArrayNode frame, int index, String name) throws WampViolation {
    if (!frame.get(index).isTextual()) {
      throw WampViolation.abort(WampViolation.PROTOCOL_VIOLATION, name + " must be a string");
    }
    return frame.get(index).asText();
  }

  private static ObjectNode dict(ArrayNode frame, int index, String name) throws WampViolation {
    if (!frame.get(index).isObject()) {
      throw WampViolation.abort(WampViolation.PROTOCOL_VIOLATION, name + " must be a dict");
    }
    return (ObjectNode) frame.get(index);
  }

  private static String uri(ArrayNode frame, int index, int type, long request)
      throws WampViolation {
    JsonNode uri = frame.get(index);
    String refusal = WampUris.refusal(uri.isTextual() ? uri.asText() : null);
    if (refusal != null) {
      throw WampViolation.error(WampViolation.INVALID_URI, refusal, type, request);
    }
    return uri.asText();
  }

  private static WampViolation invalid(int type, long request, String message) {
    return WampViolation.error(WampViolation.INVALID_ARGUMENT, message, type, request);
  }
}
