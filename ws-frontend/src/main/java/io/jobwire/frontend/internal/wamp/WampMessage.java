package io.jobwire.frontend.internal.wamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What a WAMP client may send to this router; decoded by {@link WampDecoder#decode}. */
sealed interface WampMessage {
  int HELLO = 1;
  int WELCOME = 2;
  int ABORT = 3;
  int CHALLENGE = 4;
  int AUTHENTICATE = 5;
  int GOODBYE = 6;
  int ERROR = 8;
  int PUBLISH = 16;
  int PUBLISHED = 17;
  int SUBSCRIBE = 32;
  int SUBSCRIBED = 33;
  int UNSUBSCRIBE = 34;
  int UNSUBSCRIBED = 35;
  int EVENT = 36;
  int CALL = 48;
  int CANCEL = 49;
  int RESULT = 50;
  int REGISTER = 64;
  int UNREGISTER = 66;
  int YIELD = 70;

  /** {@code [HELLO, Realm, Details]}; {@code authMethods} empty when none were offered. */
  record Hello(String realm, List<String> authMethods, String authId) implements WampMessage {}

  /** {@code [AUTHENTICATE, Signature, Extra]}: for WAMP-Ticket the signature is the ticket. */
  record Authenticate(String signature) implements WampMessage {}

  record Goodbye(String reason) implements WampMessage {}

  record Abort(String reason) implements WampMessage {}

  /**
   * {@code [CALL, Request, Options, Procedure, Arguments?, ArgumentsKw?]}.
   *
   * @param timeoutMillis the {@code timeout} option; 0 = none
   * @param params the job's params: {@code ArgumentsKw}, with {@code Arguments} under {@code args}
   */
  record Call(
      long request,
      String procedure,
      boolean receiveProgress,
      long timeoutMillis,
      ObjectNode params)
      implements WampMessage {}

  /** {@code [CANCEL, CALL.Request, Options]}; {@code mode} is skip, kill or killnowait. */
  record Cancel(long request, String mode) implements WampMessage {}

  record Subscribe(long request, String topic) implements WampMessage {}

  record Unsubscribe(long request, long subscription) implements WampMessage {}

  /**
   * {@code [PUBLISH, Request, Options, Topic, Arguments?, ArgumentsKw?]}.
   *
   * @param excludeMe false when the publisher asked to receive its own event
   */
  record Publish(
      long request,
      String topic,
      boolean acknowledge,
      boolean excludeMe,
      ArrayNode args,
      ObjectNode kwargs)
      implements WampMessage {

    /** The event's jobwire {@code data}: the one argument, the keywords, or both. */
    public JsonNode data() {
      return WampDecoder.data(args, kwargs);
    }
  }

  /**
   * A request of a role jobwire does not play for WAMP clients (callee: {@code REGISTER}, {@code
   * UNREGISTER}); answered with an {@code ERROR}.
   */
  record Unsupported(int type, long request) implements WampMessage {}
}
