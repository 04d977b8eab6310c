package io.jobwire.frontend.internal.requests;

import io.jobwire.frontend.internal.auth.Authenticator;
import io.jobwire.frontend.internal.cluster.FrontendCluster;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.lifecycle.Subscriptions;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.protocol.ServerMessage;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers client messages. Runs on the connection's IO thread: {@code ping} is answered right here;
 * anything that needs Redis is handed to another thread.
 */
public final class RequestHandler {
  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  /** Close code when the server is full: try again later. */
  static final int CLOSE_TRY_AGAIN_LATER = 1013;

  private final Authenticator authenticator;
  private final Subscriptions subscriptions;
  private final StatusLookup statusLookup;
  private final FrontendCluster cluster; // null when alone

  private final Predicate<ClientConnection> onAuthenticated;

  /**
   * {@code cluster}: takes over a subscription another front end holds (null when alone); {@code
   * onAuthenticated} sees each connection that authenticated with the {@code auth} op; false means
   * there is no room for it among the authenticated connections (it is then closed).
   */
  public RequestHandler(
      Authenticator authenticator,
      Subscriptions subscriptions,
      StatusLookup statusLookup,
      FrontendCluster cluster,
      Predicate<ClientConnection> onAuthenticated) {
    this.authenticator = authenticator;
    this.onAuthenticated = onAuthenticated;
    this.subscriptions = subscriptions;
    this.statusLookup = statusLookup;
    this.cluster = cluster;
  }

  /** One complete text message. Never throws: every failure becomes an {@code error} reply. */
  public void handleText(ClientConnection connection, String text) {
    try {
      ClientMessage message = Codec.decodeClient(text);
      if (!connection.hold(message)) {
        handle(connection, message);
      }
    } catch (IllegalStateException e) { // hold: a flood while the auth is checked
      connection.send(new ServerMessage.Error(null, ErrorCode.RATE_LIMITED, e.getMessage()));
    } catch (ProtocolException e) {
      log.debug("{} bad message ({}): {}", connection, e.code().wire(), e.getMessage());
      connection.send(e.toReply());
    } catch (RuntimeException e) {
      log.error("{} bug while handling a message; the connection stays open", connection, e);
      connection.send(new ServerMessage.Error(null, ErrorCode.INTERNAL, "internal error"));
    }
  }

  /** One decoded message (from another dialect too); never blocks. */
  public void handle(ClientConnection connection, ClientMessage message) {
    if (authenticator.required()
        && connection.user() == null
        && !(message instanceof ClientMessage.Ping || message instanceof ClientMessage.Auth)) {
      connection.send(
          new ServerMessage.Error(
              message.ref(),
              ErrorCode.UNAUTHORIZED,
              "authenticate first: send {\"op\":\"auth\",\"token\":...} or connect with"
                  + " ?token="));
      return;
    }
    switch (message) {
      case ClientMessage.Ping ping -> connection.send(new ServerMessage.Pong(ping.ref()));
      case ClientMessage.Subscribe subscribe -> subscribe(connection, subscribe);
      case ClientMessage.Unsubscribe unsubscribe ->
          subscriptions.unsubscribe(connection, unsubscribe);
      case ClientMessage.Status status -> statusLookup.status(connection, status);
      case ClientMessage.Auth auth -> authenticate(connection, auth);
    }
  }

  /** A resume of a subscription held elsewhere (history in Redis) is a takeover. */
  private void subscribe(ClientConnection connection, ClientMessage.Subscribe subscribe) {
    if (!subscriptions.subscribe(connection, subscribe)) {
      var resume = subscribe.resume();
      cluster.resume(connection, subscribe.ref(), resume.sub(), resume.after());
    }
  }

  private void authenticate(ClientConnection connection, ClientMessage.Auth auth) {
    if (!authenticator.required()) {
      connection.send(
          new ServerMessage.Error(
              auth.ref(),
              ErrorCode.BAD_REQUEST,
              "authentication is off on this front end (auth mode none): connections are"
                  + " anonymous"));
      return;
    }
    if (connection.user() != null) {
      connection.send(
          new ServerMessage.Error(
              auth.ref(),
              ErrorCode.BAD_REQUEST,
              "this connection is already authenticated as " + connection.user()));
      return;
    }
    if (!connection.startAuthenticating()) {
      connection.send(
          new ServerMessage.Error(
              auth.ref(), ErrorCode.BAD_REQUEST, "an auth is already being checked; wait for it"));
      return;
    }
    // What the client pipelines behind its auth waits for the verdict instead of getting
    // unauthorized; it is handled, in order, once the verdict is out.
    connection.startHolding();
    authenticator.check(
        auth.token(),
        verdict -> {
          connection.doneAuthenticating();
          answer(connection, auth, verdict);
          handleHeld(connection);
        });
  }

  private void answer(
      ClientConnection connection, ClientMessage.Auth auth, Authenticator.Verdict verdict) {
    if (!verdict.ok()) {
      log.debug("{} auth refused: {}", connection, verdict.message());
      connection.send(new ServerMessage.Error(auth.ref(), verdict.code(), verdict.message()));
    } else if (!connection.authenticate(verdict.user())) {
      connection.send(
          new ServerMessage.Error(
              auth.ref(), ErrorCode.BAD_REQUEST, "this connection is already authenticated"));
    } else if (!onAuthenticated.test(connection)) {
      connection.send(
          new ServerMessage.Error(
              auth.ref(), ErrorCode.UNAVAILABLE, "too many connections; try again later"));
      connection.close(CLOSE_TRY_AGAIN_LATER, "too many connections");
    } else {
      connection.send(new ServerMessage.Authenticated(auth.ref(), verdict.user()));
    }
  }

  /** Runs where the verdict came out (the IO thread, or {@code jobwire-auth}); never blocks. */
  private void handleHeld(ClientConnection connection) {
    for (ClientMessage held = connection.nextHeld(); held != null; held = connection.nextHeld()) {
      try {
        handle(connection, held);
      } catch (RuntimeException e) {
        log.error("{} bug while handling a held message", connection, e);
        connection.send(new ServerMessage.Error(held.ref(), ErrorCode.INTERNAL, "internal error"));
      }
    }
  }
}
