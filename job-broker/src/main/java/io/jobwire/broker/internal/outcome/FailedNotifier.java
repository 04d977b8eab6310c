package io.jobwire.broker.internal.outcome;

import io.jobwire.broker.internal.store.DeadJob;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.security.CurveConfig;
import io.jobwire.security.CurveServer;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Tells front ends that a job ended without a result (and, for {@link BatchDriver}, how a batch
 * goes): one PUSH socket per {@code reply_to} endpoint, opened on first use and kept open. One
 * owner thread per instance (it owns these sockets): the broker loop's, the batch driver's.
 */
public final class FailedNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FailedNotifier.class);

  /**
   * JeroMQ 0.6.0 sometimes leaves a fresh outgoing connection without its ZMTP handshake (a race in
   * its IO poller, zeromq/jeromq#1022): nothing flows until the handshake timer (30 s by default)
   * drops and redials it. A short timer makes such a connection redial at once; queued messages
   * wait in the pipe and survive the redial.
   */
  static final int HANDSHAKE_TIMEOUT_MS = 1000;

  private final ZContext context;
  private final CurveConfig curve;
  private final int maxMessageBytes;
  private final Map<String, ZMQ.Socket> sockets = new HashMap<>();

  public FailedNotifier(ZContext context, CurveConfig curve, int maxMessageBytes) {
    this.context = context;
    this.curve = curve;
    this.maxMessageBytes = maxMessageBytes;
  }

  public void send(DeadJob dead) {
    if (dead.replyTo() == null) {
      log.debug("job={} ended without result; no reply_to, nobody to tell", dead.id());
      return;
    }
    IngressMessage.Failed message;
    try {
      message = new IngressMessage.Failed(dead.id(), dead.route(), dead.error());
    } catch (IllegalArgumentException e) {
      log.warn(
          "job={} ended without result but its route is unusable: {}", dead.id(), e.getMessage());
      return;
    }
    if (!push(dead.replyTo(), message)) {
      log.warn(
          "job={} could not send failed to reply_to={} (front end gone or too slow)",
          dead.id(),
          dead.replyTo());
      return;
    }
    log.debug(
        "job={} failed sent to reply_to={} code={}",
        dead.id(),
        dead.replyTo(),
        dead.error().code());
  }

  /**
   * Pushes any ingress message to a front end at {@code replyTo} without waiting; false when it
   * could not be handed to the socket (front end gone or too slow).
   */
  boolean push(String replyTo, IngressMessage message) {
    ZMQ.Socket socket = sockets.computeIfAbsent(replyTo, this::open);
    return socket != null && socket.send(Codec.encodeBytes(message), ZMQ.DONTWAIT);
  }

  private ZMQ.Socket open(String endpoint) {
    ZMQ.Socket socket = context.createSocket(SocketType.PUSH);
    socket.setLinger(1000);
    socket.setSndHWM(10_000);
    socket.setHandshakeIvl(HANDSHAKE_TIMEOUT_MS);
    socket.setMaxMsgSize(maxMessageBytes); // a rogue reply_to must not claim a huge frame
    if (curve.frontendKey() != null) {
      CurveServer.client(socket, curve.serverKeys(), curve.frontendKey());
    }
    try {
      socket.connect(endpoint);
      return socket;
    } catch (RuntimeException e) {
      log.warn("cannot connect to reply_to={}: {}", endpoint, e.getMessage());
      socket.close();
      return null;
    }
  }

  @Override
  public void close() {
    sockets.values().forEach(ZMQ.Socket::close);
    sockets.clear();
  }
}
