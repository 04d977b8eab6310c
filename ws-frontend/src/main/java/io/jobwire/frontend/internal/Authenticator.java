package io.jobwire.frontend.internal;

import io.jobwire.frontend.AuthMode;
import io.undertow.websockets.spi.WebSocketHttpExchange;

/**
 * Decides who a connection is. Only {@link AuthMode#NONE} exists yet; token and JWT modes (the
 * {@code ?token=} query and the {@code auth} op) plug in here.
 */
interface Authenticator {

  static Authenticator of(AuthMode mode) {
    return switch (mode) {
      case NONE -> new Anonymous();
    };
  }

  /**
   * The user of a new connection, from its handshake; null when anonymous. Runs on an IO thread:
   * must not block.
   */
  String userAtConnect(WebSocketHttpExchange handshake);

  /** False when the {@code auth} op means nothing here. */
  boolean acceptsAuthOp();

  /** {@link AuthMode#NONE}: every connection is anonymous. */
  final class Anonymous implements Authenticator {
    @Override
    public String userAtConnect(WebSocketHttpExchange handshake) {
      return null;
    }

    @Override
    public boolean acceptsAuthOp() {
      return false;
    }
  }
}
