package io.jobwire.frontend.internal.connection;

/**
 * The wire under a {@link ClientConnection}: Undertow's WebSocket channel in the server, a list in
 * unit tests. Both methods are asynchronous and may be called from any thread.
 */
interface Outbound {

  /** Queues one text frame; frames queued one after another leave in that order. */
  void sendText(String text);

  /** Sends a close frame with this code and reason, then closes. */
  void close(int code, String reason);

  boolean isOpen();

  /** Sends a WebSocket ping (keepalive); the client's pong counts as activity. */
  default void ping() {}
}
