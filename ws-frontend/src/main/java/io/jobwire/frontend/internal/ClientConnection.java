package io.jobwire.frontend.internal;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ServerMessage;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebSocket client. Every frame to the client goes through {@link #send}, from whichever thread
 * produced it (IO thread, {@code jobwire-enqueue}, {@code jobwire-ingress}, queue calls); this is
 * the one place where per-connection output limits will go.
 */
final class ClientConnection {
  private final String id;
  private final String user;
  private final Outbound outbound;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ClientConnection(String id, String user, Outbound outbound) {
    this.id = id;
    this.user = user;
    this.outbound = outbound;
  }

  String id() {
    return id;
  }

  /** The authenticated user, or null when anonymous. */
  String user() {
    return user;
  }

  /** Encodes and queues the message; never blocks. Dropped when the connection is closing. */
  void send(ServerMessage message) {
    outbound.sendText(Codec.encode(message));
  }

  void close(int code, String reason) {
    outbound.close(code, reason);
  }

  boolean isOpen() {
    return outbound.isOpen();
  }

  /** Set first thing when the connection closes, before its subscriptions are ended. */
  void markClosed() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  int subscriptionCount() {
    return subscriptions.size();
  }

  void attach(Subscription subscription) {
    subscriptions.add(subscription);
  }

  void detach(Subscription subscription) {
    subscriptions.remove(subscription);
  }

  /** Takes every subscription away from the connection, for closing them. */
  Collection<Subscription> detachAll() {
    List<Subscription> all = List.copyOf(subscriptions);
    all.forEach(subscriptions::remove);
    return all;
  }

  @Override
  public String toString() {
    return "conn=" + id;
  }
}
