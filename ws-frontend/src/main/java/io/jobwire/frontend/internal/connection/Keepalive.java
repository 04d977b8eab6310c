package io.jobwire.frontend.internal.connection;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On {@code jobwire-timer}: pings (WebSocket ping frame) every connection that has been quiet for
 * half the idle timeout and closes those quiet for all of it. Any frame from the client, a pong
 * included, counts as activity, so a live browser tab stays connected without sending anything.
 */
public final class Keepalive implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Keepalive.class);

  /** Close code for an idle connection: going away. */
  static final int CLOSE_IDLE = 1001;

  private final Set<ClientConnection> connections;
  private final long idleNanos;
  private final ScheduledFuture<?> task;

  public Keepalive(
      Set<ClientConnection> connections, Duration idle, ScheduledExecutorService timer) {
    this.connections = connections;
    this.idleNanos = idle.toNanos();
    long every = Math.max(10, idle.toMillis() / 4);
    this.task = timer.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (ClientConnection connection : connections) {
      long quiet = now - connection.lastHeardNanos();
      if (quiet >= idleNanos) {
        log.debug("{} idle for {} ms, closing", connection, quiet / 1_000_000);
        connection.close(CLOSE_IDLE, "idle timeout: no frame and no pong received");
      } else if (quiet >= idleNanos / 2) {
        connection.ping();
      }
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
