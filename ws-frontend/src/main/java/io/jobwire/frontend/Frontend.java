package io.jobwire.frontend;

import io.jobwire.frontend.internal.FrontendServer;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.TokenStore;
import java.net.URI;

/**
 * A running jobwire front end: WebSocket clients on {@code ws://HOST:PORT/ws}, results from workers
 * on a ZeroMQ PULL socket.
 *
 * <pre>{@code
 * try (JobQueue queue = JobQueue.redis("redis://127.0.0.1:6379");
 *     Frontend frontend = Frontend.start(FrontendConfig.defaults(), queue)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The front end does not own the queue: close the front end first, then the queue.
 */
public interface Frontend extends AutoCloseable {

  /** Binds the ingress socket and the HTTP port and starts serving; fails if either is taken. */
  static Frontend start(FrontendConfig config, JobQueue queue) {
    return FrontendServer.start(config, queue, null);
  }

  /**
   * Like {@link #start(FrontendConfig, JobQueue)}, with the token store that {@link AuthMode#TOKEN}
   * consumes connect tokens from. The front end does not own it: close it after the front end.
   */
  static Frontend start(FrontendConfig config, JobQueue queue, TokenStore tokens) {
    return FrontendServer.start(config, queue, tokens);
  }

  /** The HTTP port actually bound (useful when the config asked for port 0). */
  int httpPort();

  /** {@code ws://HOST:PORT/ws}, or {@code wss://HOST:PORT/ws} when the config has TLS. */
  URI webSocketUri();

  /** The ingress endpoint actually bound, e.g. {@code tcp://127.0.0.1:5555}. */
  String ingressEndpoint();

  /** The endpoint put into every job's {@code reply_to}. */
  String replyTo();

  /** This front end's id, put into every job's {@code route.fe}. */
  String frontendId();

  FrontendStats stats();

  /** The front end's meters (Prometheus), also served at {@code /metrics}. */
  io.micrometer.core.instrument.MeterRegistry meterRegistry();

  /** Closes every connection (going away), stops the threads and unbinds both sockets. */
  @Override
  void close();
}
