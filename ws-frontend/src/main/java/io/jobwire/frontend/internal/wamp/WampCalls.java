package io.jobwire.frontend.internal.wamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ServerMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The calls in flight of one WAMP session. A {@code CALL} is a jobwire {@code subscribe} whose
 * {@code ref} names the call ({@code "wamp:call:<request>"}); the {@code subscribed}, {@code
 * progress}, {@code result}, {@code failed} and {@code error} jobwire sends back for it come out as
 * {@code RESULT} or {@code ERROR} ({@link #translate}).
 *
 * <p>Threads: {@link #start} and {@link #cancel} on the connection's IO thread, {@link #translate}
 * wherever jobwire sends from (often under a subscription's lock). State is guarded by this
 * object's monitor, which guards memory and Undertow's asynchronous send only: a progress cannot
 * overtake a cancel's {@code ERROR}. jobwire is never called while it is held.
 */
final class WampCalls {
  /** The {@code ref} of what jobwire answers nothing worth hearing to (ending a call's sub). */
  static final TextNode QUIET_REF = new TextNode("wamp:quiet");

  private static final String CALL_REF = "wamp:call:";

  /** A call in flight; {@code sub} is known once jobwire said {@code subscribed}. */
  private static final class Call {
    final long request;
    final boolean progress;
    final String topic;
    String sub;

    Call(long request, boolean progress, String topic) {
      this.request = request;
      this.progress = progress;
      this.topic = topic;
    }
  }

  private final WampRouter router;
  private final Executor ioThread;

  // Guarded by this.
  private final Map<Long, Call> byRequest = new HashMap<>();
  private final Map<String, Call> bySub = new HashMap<>();

  /** {@code ioThread} ends subscriptions that must not end where jobwire sends from. */
  WampCalls(WampRouter router, Executor ioThread) {
    this.router = router;
    this.ioThread = ioThread;
  }

  /** On the IO thread: the call's job is queued through jobwire, its timeout as the deadline. */
  void start(ClientConnection connection, WampMessage.Call call) throws WampViolation {
    synchronized (this) {
      if (byRequest.containsKey(call.request())) {
        throw WampViolation.error(
            WampViolation.PROTOCOL_VIOLATION,
            "call " + call.request() + " is still running",
            WampMessage.CALL,
            call.request());
      }
      byRequest.put(
          call.request(), new Call(call.request(), call.receiveProgress(), call.procedure()));
    }
    Long deadline =
        call.timeoutMillis() > 0 ? router.config.clock().millis() + call.timeoutMillis() : null;
    router.subscriptions.subscribe(
        connection,
        new ClientMessage.Subscribe(
            new TextNode(CALL_REF + call.request()), call.procedure(), call.params(), null),
        deadline,
        true);
  }

  /**
   * On the IO thread: the caller hears {@code wamp.error.canceled} at once, whatever the mode, and
   * the call's subscription ends, which cancels its job (one still being queued ends when jobwire
   * says subscribed). A call that already ended is ignored, as the spec says.
   */
  void cancel(ClientConnection connection, WampMessage.Cancel cancel) {
    String sub;
    synchronized (this) {
      Call call = byRequest.remove(cancel.request());
      if (call == null) {
        return;
      }
      sub = call.sub;
      if (sub != null) {
        bySub.remove(sub);
      }
      connection.sendText(
          WampReply.error(
              WampMessage.CALL,
              cancel.request(),
              "wamp.error.canceled",
              "cancelled by the caller (" + cancel.mode() + ")",
              null));
    }
    if (sub != null) {
      end(connection, sub);
    }
  }

  /** Any thread: sends what {@code message} means to a call; false when it is about none. */
  boolean translate(ClientConnection connection, ServerMessage message) {
    switch (message) {
      case ServerMessage.Subscribed subscribed -> {
        long request = requestOf(subscribed.ref());
        if (request == 0) {
          return false;
        }
        started(connection, request, subscribed.sub());
      }
      case ServerMessage.Progress progress -> {
        synchronized (this) {
          Call call = bySub.get(progress.sub());
          if (call != null && call.progress) {
            connection.sendText(WampReply.result(call.request, progress.data(), true));
          }
        }
      }
      case ServerMessage.Result result -> {
        Call call = finish(result.sub());
        if (call != null) {
          connection.sendText(WampReply.result(call.request, result.data(), false));
          ended(connection, call);
        }
      }
      case ServerMessage.Failed failed -> {
        Call call = finish(failed.sub());
        if (call != null) {
          ObjectNode error = Codec.mapper().valueToTree(failed.error());
          error.put("job", failed.job());
          connection.sendText(
              WampReply.error(
                  WampMessage.CALL,
                  call.request,
                  WampUris.ofError(failed.error().code()),
                  failed.error().message(),
                  error));
          ended(connection, call);
        }
      }
      case ServerMessage.Error error -> {
        long request = requestOf(error.ref());
        if (request == 0) {
          return QUIET_REF.equals(error.ref());
        }
        synchronized (this) {
          if (byRequest.remove(request) != null) {
            connection.sendText(
                WampReply.error(
                    WampMessage.CALL,
                    request,
                    WampUris.ofError(error.code().wire()),
                    error.message(),
                    null));
          }
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** jobwire queued a call's job; a call cancelled meanwhile is ended now. */
  private void started(ClientConnection connection, long request, String sub) {
    synchronized (this) {
      Call call = byRequest.get(request);
      if (call != null && call.sub == null) {
        call.sub = sub;
        bySub.put(sub, call);
        return;
      }
    }
    ioThread.execute(() -> end(connection, sub));
  }

  /** The final message of a call takes it out. */
  private synchronized Call finish(String sub) {
    Call call = bySub.remove(sub);
    if (call != null) {
      byRequest.remove(call.request);
    }
    return call;
  }

  /**
   * A shared recurring topic runs on for its other members: the call's subscription leaves it. (On
   * a recurring topic of its own the call ran once and ended like a one-shot.)
   */
  private void ended(ClientConnection connection, Call call) {
    TopicOptions options = router.config.optionsOf(call.topic);
    if (options.recurring() && options.shared()) {
      ioThread.execute(() -> end(connection, call.sub));
    }
  }

  private void end(ClientConnection connection, String sub) {
    router.subscriptions.unsubscribe(connection, new ClientMessage.Unsubscribe(QUIET_REF, sub));
  }

  /** The call request a jobwire {@code ref} names, or 0. */
  private static long requestOf(JsonNode ref) {
    if (ref == null || !ref.isTextual() || !ref.asText().startsWith(CALL_REF)) {
      return 0;
    }
    return Long.parseLong(ref.asText().substring(CALL_REF.length()));
  }
}
