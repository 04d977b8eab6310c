package io.jobwire.frontend.internal.wamp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jobwire.frontend.Limits;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.connection.FrameListener;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ServerMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WAMP connection, translated onto jobwire: the session's life (HELLO, ticket, WELCOME,
 * GOODBYE, ABORT) here; its calls, which are jobwire subscriptions, in {@link WampCalls}; its
 * subscriptions on {@link WampTopics}. What jobwire sends the connection passes through {@link
 * #send} and comes out as WAMP, or not at all. Everything else (limits, rates, users, the job's
 * life) is jobwire's own.
 *
 * <p>Threads: {@link #handleText} runs on the connection's IO thread; {@link #send} on whichever
 * thread jobwire sends from (often under a subscription's lock). The session's state is guarded by
 * its own monitor, which guards memory and Undertow's asynchronous send only; jobwire is never
 * called while it is held.
 */
public final class WampSession implements ClientConnection.Dialect, FrameListener.TextHandler {
  private static final Logger log = LoggerFactory.getLogger(WampSession.class);
  private static final TextNode AUTH_REF = new TextNode("wamp:auth");
  private static final int CLOSE_NORMAL = 1000;
  private static final int CLOSE_GOING_AWAY = 1001;
  private static final int CLOSE_PROTOCOL_ERROR = 1002;

  private enum Phase {
    OPENING,
    CHALLENGED,
    ESTABLISHED,
    CLOSED
  }

  private final WampRouter router;
  private final WampCalls calls;
  private final long id = WampTopics.newId();

  // Guarded by this.
  private volatile Phase phase = Phase.OPENING; // written under this
  private String realm;
  private final Map<String, Long> subscriptionOf = new HashMap<>();
  private final Map<Long, String> topicOf = new HashMap<>();

  /** {@code ioThread} runs what must not run where jobwire sends from (ending a subscription). */
  public WampSession(WampRouter router, Executor ioThread) {
    this.router = router;
    this.calls = new WampCalls(router, ioThread);
  }

  @Override
  public boolean resumable() {
    return false;
  }

  /** On the IO thread: one text message from the client. Never throws. */
  @Override
  public void handleText(ClientConnection connection, String text) {
    try {
      handle(connection, WampDecoder.decode(text));
    } catch (WampViolation violation) {
      refuse(connection, violation);
    } catch (RuntimeException e) {
      log.error("{} bug while handling a WAMP message; aborting the session", connection, e);
      abort(connection, WampUris.ofError(ErrorCode.INTERNAL.wire()), "internal error");
    }
  }

  /**
   * The front end closes the connection (shutting down, idle, too many connections): an established
   * session hears {@code GOODBYE}, one still opening {@code ABORT}, with the reason.
   */
  @Override
  public void closing(ClientConnection connection, int code, String reason) {
    String why = code == CLOSE_GOING_AWAY ? "wamp.close.system_shutdown" : "wamp.close.close_realm";
    synchronized (this) {
      Phase was = phase;
      phase = Phase.CLOSED;
      if (was == Phase.ESTABLISHED) {
        connection.sendText(WampReply.goodbye(why, reason));
      } else if (was != Phase.CLOSED) {
        // Before WELCOME the front end closes for the auth deadline (1008), or to go away.
        boolean authDeadline = code == Limits.CLOSE_SLOW_CLIENT;
        connection.sendText(
            WampReply.abort(authDeadline ? "wamp.error.authentication_failed" : why, reason));
      }
    }
  }

  /** The connection closed: its WAMP subscriptions end (its calls end with its jobwire ones). */
  public void closed(ClientConnection connection) {
    Map<Long, String> topics;
    synchronized (this) {
      phase = Phase.CLOSED;
      topics = Map.copyOf(topicOf);
      topicOf.clear();
      subscriptionOf.clear();
    }
    topics.forEach(
        (subscription, topic) ->
            router.topics.remove(topic, new WampTopics.Listener(connection, subscription)));
  }

  private void handle(ClientConnection connection, WampMessage message) throws WampViolation {
    switch (message) {
      case WampMessage.Hello hello -> hello(connection, hello);
      case WampMessage.Authenticate authenticate -> authenticate(connection, authenticate);
      case WampMessage.Goodbye goodbye -> {
        requireEstablished();
        log.debug("{} WAMP goodbye: {}", connection, goodbye.reason());
        synchronized (this) {
          phase = Phase.CLOSED;
          connection.sendText(WampReply.goodbye("wamp.close.goodbye_and_out", null));
        }
        connection.close(CLOSE_NORMAL, "goodbye");
      }
      case WampMessage.Abort abort -> {
        log.debug("{} WAMP abort from the client: {}", connection, abort.reason());
        synchronized (this) {
          phase = Phase.CLOSED;
        }
        connection.close(CLOSE_NORMAL, "aborted");
      }
      case WampMessage.Call call -> call(connection, call);
      case WampMessage.Cancel cancel -> cancel(connection, cancel);
      case WampMessage.Subscribe subscribe -> subscribe(connection, subscribe);
      case WampMessage.Unsubscribe unsubscribe -> unsubscribe(connection, unsubscribe);
      case WampMessage.Publish publish -> publish(connection, publish);
      case WampMessage.Unsupported unsupported -> {
        requireEstablished();
        connection.sendText(
            WampReply.error(
                unsupported.type(),
                unsupported.request(),
                "wamp.error.not_authorized",
                "procedures here are jobwire topics, served by jobwire workers: a WAMP client"
                    + " cannot register one",
                null));
      }
    }
  }

  private void hello(ClientConnection connection, WampMessage.Hello hello) throws WampViolation {
    synchronized (this) {
      if (phase != Phase.OPENING) {
        throw WampViolation.abort(WampViolation.PROTOCOL_VIOLATION, "HELLO after HELLO");
      }
      if (!router.servesRealm(hello.realm())) {
        throw WampViolation.abort(
            "wamp.error.no_such_realm",
            "no realm '" + hello.realm() + "' here; the realms are: " + router.realms());
      }
      realm = hello.realm();
      if (router.authRequired && connection.user() == null) {
        if (!hello.authMethods().contains("ticket")) {
          throw WampViolation.abort(
              "wamp.error.no_auth_method",
              "this router requires WAMP-Ticket: authmethods ['ticket'], with a jobwire token or"
                  + " JWT as the ticket");
        }
        phase = Phase.CHALLENGED;
        connection.sendText(WampReply.challengeTicket());
        return;
      }
      establish(connection, connection.user());
    }
  }

  private void authenticate(ClientConnection connection, WampMessage.Authenticate authenticate)
      throws WampViolation {
    synchronized (this) {
      if (phase != Phase.CHALLENGED) {
        throw WampViolation.abort(
            WampViolation.PROTOCOL_VIOLATION, "AUTHENTICATE without a CHALLENGE");
      }
    }
    // jobwire checks it (token consumed in Redis, or JWT) and answers authenticated or error: see
    // send, which turns them into WELCOME or ABORT.
    router.handler.handle(connection, new ClientMessage.Auth(AUTH_REF, authenticate.signature()));
  }

  /** Under this: {@code WELCOME}, naming the roles and the Advanced Profile features served. */
  private void establish(ClientConnection connection, String user) {
    phase = Phase.ESTABLISHED;
    ObjectNode details = Codec.mapper().createObjectNode();
    details.put("realm", realm);
    details.put("authid", user != null ? user : "anonymous");
    details.put("authrole", user != null ? "user" : "anonymous");
    details.put("authmethod", user != null ? "ticket" : "anonymous");
    details.put("x_jobwire_conn", connection.id());
    ObjectNode roles = details.putObject("roles");
    roles.putObject("broker").putObject("features").put("publisher_exclusion", true);
    roles
        .putObject("dealer")
        .putObject("features")
        .put("progressive_call_results", true)
        .put("call_canceling", true)
        .put("call_timeout", true);
    connection.sendText(WampReply.welcome(id, details));
    log.debug("{} WAMP session={} realm={} user={}", connection, id, realm, user);
  }

  private void call(ClientConnection connection, WampMessage.Call call) throws WampViolation {
    requireEstablished();
    calls.start(connection, call);
  }

  private void cancel(ClientConnection connection, WampMessage.Cancel cancel) throws WampViolation {
    requireEstablished();
    calls.cancel(connection, cancel);
  }

  private void subscribe(ClientConnection connection, WampMessage.Subscribe subscribe)
      throws WampViolation {
    String topic = subscribe.topic();
    long request = subscribe.request();
    requireEstablished();
    if (!router.config.allowsTopic(topic)) {
      throw jobwireError(
          ErrorCode.UNKNOWN_TOPIC, "topic '" + topic + "' is not offered here", request);
    }
    String limited = router.rates.refuse(connection);
    if (limited != null) {
      throw jobwireError(ErrorCode.RATE_LIMITED, limited, request);
    }
    long subscription;
    synchronized (this) {
      Long existing = subscriptionOf.get(topic);
      if (existing != null) {
        connection.sendText(WampReply.subscribed(request, existing));
        return;
      }
      int max = router.config.maxSubscriptionsPerConnection();
      if (topicOf.size() + connection.subscriptionCount() >= max) {
        throw jobwireError(
            ErrorCode.TOO_MANY_SUBSCRIPTIONS,
            "at most " + max + " subscriptions and calls per connection; unsubscribe one first",
            request);
      }
      subscription = WampTopics.newId();
      subscriptionOf.put(topic, subscription);
      topicOf.put(subscription, topic);
      router.topics.add(topic, new WampTopics.Listener(connection, subscription));
      connection.sendText(WampReply.subscribed(request, subscription));
    }
    log.debug("{} WAMP subscription={} topic={}", connection, subscription, topic);
  }

  private void unsubscribe(ClientConnection connection, WampMessage.Unsubscribe unsubscribe)
      throws WampViolation {
    synchronized (this) {
      requireEstablished();
      String topic = topicOf.remove(unsubscribe.subscription());
      if (topic == null) {
        throw WampViolation.error(
            "wamp.error.no_such_subscription",
            "no subscription " + unsubscribe.subscription() + " in this session",
            WampMessage.UNSUBSCRIBE,
            unsubscribe.request());
      }
      subscriptionOf.remove(topic);
      router.topics.remove(topic, new WampTopics.Listener(connection, unsubscribe.subscription()));
      connection.sendText(WampReply.unsubscribed(unsubscribe.request()));
    }
  }

  private void publish(ClientConnection connection, WampMessage.Publish publish)
      throws WampViolation {
    requireEstablished();
    if (!router.allowsPublish(publish.topic())) {
      if (publish.acknowledge()) { // an unacknowledged PUBLISH hears nothing back, by the spec
        connection.sendText(
            WampReply.error(
                WampMessage.PUBLISH,
                publish.request(),
                "wamp.error.not_authorized",
                "WAMP clients may not publish to '" + publish.topic() + "' here",
                null));
      }
      return;
    }
    String limited = router.rates.refuse(connection); // publishes share the subscribe budget
    if (limited != null) {
      if (publish.acknowledge()) {
        connection.sendText(
            WampReply.error(
                WampMessage.PUBLISH,
                publish.request(),
                WampUris.ofError(ErrorCode.RATE_LIMITED.wire()),
                limited,
                null));
      }
      return;
    }
    // PUBLISHED first: the publisher's own EVENT (exclude_me false) must not overtake it.
    long publication = WampTopics.newId();
    if (publish.acknowledge()) {
      connection.sendText(WampReply.published(publish.request(), publication));
    }
    router.publisher.publish(
        publish.topic(), publish.data(), publish.excludeMe() ? connection : null, publication);
  }

  /** jobwire's replies and deliveries, as WAMP; what has no WAMP meaning is dropped. */
  @Override
  public void send(ClientConnection connection, ServerMessage message) {
    if (calls.translate(connection, message)) {
      return;
    }
    switch (message) {
      case ServerMessage.Authenticated authenticated -> {
        synchronized (this) {
          if (phase == Phase.CHALLENGED) {
            establish(connection, authenticated.user());
          }
        }
      }
      // An auth refused, or an error about no request (a frame too large, a binary frame, a bad
      // ?token=): WAMP has no reply for those but ABORT.
      case ServerMessage.Error error ->
          abort(
              connection,
              AUTH_REF.equals(error.ref())
                  ? "wamp.error.authentication_failed"
                  : WampUris.ofError(error.code().wire()),
              error.message());
      default -> {} // welcome (WELCOME answers HELLO instead), a call's events, pong, ...
    }
  }

  private void refuse(ClientConnection connection, WampViolation violation) {
    boolean established;
    synchronized (this) {
      established = phase == Phase.ESTABLISHED;
    }
    log.debug("{} WAMP message refused ({}): {}", connection, violation.reason(), violation);
    if (violation.answerable() && established) {
      connection.sendText(violation.reply());
    } else {
      abort(connection, violation.reason(), violation.getMessage());
    }
  }

  private void abort(ClientConnection connection, String reason, String message) {
    synchronized (this) {
      if (phase == Phase.CLOSED) {
        return;
      }
      phase = Phase.CLOSED;
      connection.sendText(WampReply.abort(reason, message));
    }
    connection.close(CLOSE_PROTOCOL_ERROR, "WAMP session aborted");
  }

  private void requireEstablished() throws WampViolation {
    if (phase != Phase.ESTABLISHED) {
      throw WampViolation.abort(
          WampViolation.PROTOCOL_VIOLATION, "only HELLO (and AUTHENTICATE) before WELCOME");
    }
  }

  private static WampViolation jobwireError(ErrorCode code, String message, long request) {
    return WampViolation.error(
        WampUris.ofError(code.wire()), message, WampMessage.SUBSCRIBE, request);
  }
}
