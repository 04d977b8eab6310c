package io.jobwire.worker.internal;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.worker.WorkerConfig;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One PUSH socket per front end endpoint, opened on first use and kept. Owned by the I/O thread:
 * the messages of jobs that could not get a {@link ReplySockets} socket of their own.
 */
final class Pushers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Pushers.class);

  private final ZContext context;
  private final WorkerConfig config;
  private final Map<String, ZMQ.Socket> sockets = new HashMap<>();

  Pushers(ZContext context, WorkerConfig config) {
    this.context = context;
    this.config = config;
  }

  /** What became of a push. */
  enum Pushed {
    /** Queued to the front end. */
    QUEUED,
    /** The front end is gone long enough for its queue to fill; it may come back. */
    FULL,
    /** The endpoint cannot be connected to at all (not a ZeroMQ endpoint, unknown host…). */
    UNUSABLE
  }

  /** Queues {@code message} for {@code endpoint} without blocking. */
  Pushed push(String endpoint, IngressMessage.Routed message) {
    ZMQ.Socket socket = sockets.get(endpoint);
    if (socket == null) {
      socket = connect(context, config, endpoint);
      if (socket == null) {
        return Pushed.UNUSABLE;
      }
      sockets.put(endpoint, socket);
    }
    return send(socket, endpoint, message, config);
  }

  /** Queues {@code message} on {@code socket} (the caller's alone) without blocking. */
  static Pushed send(
      ZMQ.Socket socket, String endpoint, IngressMessage.Routed message, WorkerConfig config) {
    if (socket.send(Codec.encodeBytes(message), ZMQ.DONTWAIT)) {
      return Pushed.QUEUED;
    }
    log.warn(
        "worker={} dropped a message for job={} sub={}: the queue to reply_to={} is full",
        config.id(),
        message.job(),
        message.sub(),
        endpoint);
    return Pushed.FULL;
  }

  /** A PUSH socket connected to {@code endpoint}, or null when it cannot be (logged). */
  static ZMQ.Socket connect(ZContext context, WorkerConfig config, String endpoint) {
    ZMQ.Socket socket = context.createSocket(SocketType.PUSH);
    try {
      socket.setSndHWM(config.pushHighWaterMark());
      socket.setLinger((int) config.linger().toMillis());
      socket.setHandshakeIvl((int) config.handshakeTimeout().toMillis()); // see WorkerConfig
      // A rogue reply_to must not make this socket allocate what a frame header claims.
      socket.setMaxMsgSize(config.maxMessageBytes());
      CurveSockets.client(socket, config.curve().own(), config.curve().frontend());
      socket.connect(endpoint);
    } catch (RuntimeException e) {
      socket.close();
      log.warn("worker={} cannot connect to reply_to={}: {}", config.id(), endpoint, e.toString());
      return null;
    }
    return socket;
  }

  @Override
  public void close() {
    sockets.values().forEach(ZMQ.Socket::close);
    sockets.clear();
  }
}
