package io.jobwire.worker.internal;

import io.jobwire.worker.WorkerConfig;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * PUSH sockets that a job's thread borrows for the whole job, so that its progress and result go to
 * the front end from that thread: one wake-up (the outbox pipe, then the I/O thread) fewer per
 * message, and all of one job's messages on one connection, in order. A socket has one owner at a
 * time: the job that borrowed it, or this pool while it is idle; the hand-over through a concurrent
 * deque publishes it. At most {@link #MAX_PER_ENDPOINT} (and the worker's capacity) per front end;
 * beyond that a job's messages go through the I/O thread's {@link Pushers}, as they always did.
 */
final class ReplySockets implements AutoCloseable {
  static final int MAX_PER_ENDPOINT = 16;

  /**
   * {@code -Djobwire.internal.worker-direct-push=false}: every message through the I/O thread, as
   * before issue 14; for the benchmarks' before/after on one build.
   */
  private static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("jobwire.internal.worker-direct-push", "true"));

  private final ZContext context;
  private final WorkerConfig config;
  private final int limit;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One front end's sockets: idle ones (newest first, so few stay busy), and how many exist. */
  private static final class Endpoint {
    final Deque<ZMQ.Socket> idle = new ConcurrentLinkedDeque<>();
    final AtomicInteger made = new AtomicInteger();
    volatile boolean unusable;
  }

  ReplySockets(ZContext context, WorkerConfig config) {
    this.context = context;
    this.config = config;
    this.limit = ENABLED ? Math.min(MAX_PER_ENDPOINT, config.capacity()) : 0;
  }

  /**
   * A socket to {@code endpoint} for the caller alone until {@link #giveBack}; null when none is
   * free and no more may be made, or the endpoint is unusable (the I/O thread then reports it).
   */
  ZMQ.Socket borrow(String endpoint) {
    if (closed) {
      return null;
    }
    Endpoint sockets = endpoints.computeIfAbsent(endpoint, key -> new Endpoint());
    ZMQ.Socket socket = sockets.idle.pollFirst();
    if (socket != null || sockets.unusable) {
      return socket;
    }
    if (sockets.made.incrementAndGet() > limit) {
      sockets.made.decrementAndGet();
      return null;
    }
    socket = Pushers.connect(context, config, endpoint);
    if (socket == null) {
      sockets.unusable = true;
    }
    return socket;
  }

  WorkerConfig config() {
    return config;
  }

  /** The borrower is done with it. */
  void giveBack(String endpoint, ZMQ.Socket socket) {
    Endpoint sockets = endpoints.get(endpoint);
    sockets.idle.offerFirst(socket);
    if (closed && sockets.idle.remove(socket)) {
      socket.close(); // closed while it was lent: close() did not see it
    }
  }

  /** On the I/O thread at the end: closes the idle sockets (a lent one closes when given back). */
  @Override
  public void close() {
    closed = true;
    for (Endpoint sockets : endpoints.values()) {
      for (ZMQ.Socket socket = sockets.idle.pollFirst();
          socket != null;
          socket = sockets.idle.pollFirst()) {
        socket.close();
      }
    }
  }
}
