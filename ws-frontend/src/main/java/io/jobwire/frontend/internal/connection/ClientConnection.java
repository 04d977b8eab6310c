package io.jobwire.frontend.internal.connection;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ServerMessage;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebSocket client. Every frame to the client goes through {@link #send}, from whichever thread
 * produced it (IO thread, {@code jobwire-enqueue}, {@code jobwire-ingress}, queue calls); this is
 * where the per-connection output limits apply (see {@link UndertowOutbound}).
 */
public final class ClientConnection {

  /**
   * What a connection carries until it closes: its subscriptions. The connection only counts them
   * and hands them back; it knows nothing else of them.
   */
  public interface Attachment {}

  /**
   * How jobwire's replies and deliveries are spelled on this connection: {@code jobwire.v1} JSON,
   * or a translation into another subprotocol ({@code WampSession}).
   */
  public interface Dialect {
    Dialect JOBWIRE_V1 = (connection, message) -> connection.sendText(Codec.encode(message));

    /** Sends {@code message} (or what it means in this dialect, or nothing); never blocks. */
    public void send(ClientConnection connection, ServerMessage message);

    /** The server is about to close the connection: a last word in this dialect, if it has one. */
    default void closing(ClientConnection connection, int code, String reason) {}

    /** False when a client of this dialect cannot resume: its subscriptions end with it. */
    public default boolean resumable() {
      return true;
    }
  }

  private final String id;
  private final Dialect dialect;
  private volatile String user;
  private final Outbound outbound;
  private volatile long lastHeardNanos = System.nanoTime();
  private final java.util.concurrent.atomic.AtomicBoolean authenticating =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Set<Attachment> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private final RateLimiter subscribeLimiter;

  /** True from opening until it authenticates or closes, when authentication is required. */
  private final java.util.concurrent.atomic.AtomicBoolean awaitingAuth =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Messages that arrived while an {@code auth} was being checked; guarded by {@code this}. */
  private final java.util.ArrayDeque<io.jobwire.protocol.ClientMessage> held =
      new java.util.ArrayDeque<>();

  private boolean holding; // guarded by this

  /** The most messages held while an {@code auth} is checked. */
  static final int MAX_HELD = 32;

  /** No authentication, {@code jobwire.v1}, no subscribe rate limit (tests). */
  public ClientConnection(String id, String user, Outbound outbound) {
    this(id, user, outbound, false, Dialect.JOBWIRE_V1, UNLIMITED);
  }

  /**
   * @param authRequired true when it must authenticate before anything but {@code ping}
   * @param subscribeLimiter its {@code subscribe} rate limit
   */
  public ClientConnection(
      String id,
      String user,
      Outbound outbound,
      boolean authRequired,
      Dialect dialect,
      RateLimiter subscribeLimiter) {
    this.id = id;
    this.dialect = dialect;
    this.user = user;
    this.outbound = outbound;
    this.subscribeLimiter = subscribeLimiter;
    awaitingAuth.set(authRequired && user == null);
  }

  /** True while it must still authenticate. */
  public boolean awaitingAuth() {
    return awaitingAuth.get();
  }

  /** Ends the wait for authentication; true for the one caller that ended it. */
  boolean stopAwaitingAuth() {
    return awaitingAuth.compareAndSet(true, false);
  }

  /** From now until {@link #nextHeld()} returns null, {@link #hold} keeps messages back. */
  public synchronized void startHolding() {
    holding = true;
  }

  /**
   * Keeps {@code message} back while an {@code auth} is checked. False when nothing is held (handle
   * it now); throws when too many are held already.
   */
  public synchronized boolean hold(io.jobwire.protocol.ClientMessage message) {
    if (!holding) {
      return false;
    }
    if (held.size() >= MAX_HELD) {
      throw new IllegalStateException("too many messages while authenticating");
    }
    held.add(message);
    return true;
  }

  /** The next held message, in arrival order; null (and holding ends) when there is none. */
  public synchronized io.jobwire.protocol.ClientMessage nextHeld() {
    var next = held.poll();
    if (next == null) {
      holding = false;
    }
    return next;
  }

  /** Its subscribe rate limiter. */
  public RateLimiter subscribeLimiter() {
    return subscribeLimiter;
  }

  private static final RateLimiter UNLIMITED =
      RateLimiter.of(
          "unlimited",
          io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
              .limitForPeriod(Integer.MAX_VALUE)
              .build());

  public String id() {
    return id;
  }

  /** The authenticated user, or null when anonymous (or not authenticated yet). */
  public String user() {
    return user;
  }

  /** Sets the user once; false when the connection already has one. */
  public synchronized boolean authenticate(String newUser) {
    if (user != null) {
      return false;
    }
    user = newUser;
    return true;
  }

  /** Claims the one in-flight {@code auth} op; false while another is being checked. */
  public boolean startAuthenticating() {
    return authenticating.compareAndSet(false, true);
  }

  public void doneAuthenticating() {
    authenticating.set(false);
  }

  /** Any frame from the client (text, binary, ping, pong) counts as a sign of life. */
  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  long lastHeardNanos() {
    return lastHeardNanos;
  }

  void ping() {
    outbound.ping();
  }

  /** Encodes and queues the message; never blocks. Dropped when the connection is closing. */
  public void send(ServerMessage message) {
    dialect.send(this, message);
  }

  /** Queues one text frame as it is; never blocks. */
  public void sendText(String text) {
    outbound.sendText(text);
  }

  /** False when its subscriptions cannot be resumed by a later connection (see {@link Dialect}). */
  public boolean resumable() {
    return dialect.resumable();
  }

  public void close(int code, String reason) {
    dialect.closing(this, code, reason);
    outbound.close(code, reason);
  }

  boolean isOpen() {
    return outbound.isOpen();
  }

  /** Set first thing when the connection closes, before its subscriptions are ended. */
  public void markClosed() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }

  public int subscriptionCount() {
    return subscriptions.size();
  }

  public void attach(Attachment subscription) {
    subscriptions.add(subscription);
  }

  public void detach(Attachment subscription) {
    subscriptions.remove(subscription);
  }

  /** Takes every subscription away from the connection, for closing them. */
  public Collection<Attachment> detachAll() {
    List<Attachment> all = List.copyOf(subscriptions);
    all.forEach(subscriptions::remove);
    return all;
  }

  @Override
  public String toString() {
    return "conn=" + id;
  }
}
