package io.jobwire.frontend.internal.connection;

import io.jobwire.frontend.Limits;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two pools of connections. With authentication on, a connection still to authenticate holds a
 * slot of {@link Limits#maxUnauthenticated()} until it authenticates (then it moves to {@link
 * Limits#maxConnections()}) or closes; it must authenticate within {@link Limits#authTimeout()}. So
 * connections that never authenticate cannot lock real users out. Any thread.
 */
public final class ConnectionSlots {
  private final Set<ClientConnection> connections;
  private final Limits limits;
  private final AtomicInteger unauthenticated = new AtomicInteger();

  public ConnectionSlots(Set<ClientConnection> connections, Limits limits) {
    this.connections = connections;
    this.limits = limits;
  }

  /** True when a connection that is (or will be at once) authenticated may open. */
  public boolean roomForAuthenticated() {
    return authenticated() < limits.maxConnections();
  }

  /** True when a connection still to authenticate may open. */
  public boolean roomForUnauthenticated() {
    return unauthenticated.get() < limits.maxUnauthenticated();
  }

  /** Connections open and not yet authenticated (with authentication on). */
  public int unauthenticated() {
    return unauthenticated.get();
  }

  public void opened(ClientConnection connection) {
    if (connection.awaitingAuth()) {
      unauthenticated.incrementAndGet();
    }
    connections.add(connection);
  }

  /**
   * The connection authenticated: it leaves the unauthenticated pool. False when the pool of
   * authenticated connections is full (the caller closes it).
   */
  public boolean authenticated(ClientConnection connection) {
    if (connection.stopAwaitingAuth()) {
      unauthenticated.decrementAndGet();
    }
    return authenticated() <= limits.maxConnections();
  }

  public void closed(ClientConnection connection) {
    if (connection.stopAwaitingAuth()) {
      unauthenticated.decrementAndGet();
    }
    connections.remove(connection);
  }

  private int authenticated() {
    return connections.size() - unauthenticated.get();
  }
}
