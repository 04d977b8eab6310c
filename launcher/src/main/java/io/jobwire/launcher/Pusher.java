package io.jobwire.launcher;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import java.time.Duration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Sends one message into a front end's ingress, as a worker would: the code path of {@code push}.
 */
final class Pusher {
  private Pusher() {}

  /**
   * Connects a PUSH socket to {@code endpoint}, waits until a front end has completed the ZeroMQ
   * handshake, sends the message and lets it leave before closing.
   *
   * @throws IllegalStateException when no front end answers within {@code timeout}
   */
  static void push(String endpoint, IngressMessage message, Duration timeout) {
    try (var context = new ZContext();
        ZMQ.Socket socket = context.createSocket(SocketType.PUSH);
        ZMQ.Socket events = context.createSocket(SocketType.PAIR)) {
      // A PUSH socket queues a message even when nobody listens, so a wrong endpoint would be
      // silently lost; the monitor tells when a peer has really answered.
      String monitor = "inproc://push-monitor";
      socket.monitor(monitor, ZMQ.EVENT_HANDSHAKE_PROTOCOL);
      events.connect(monitor);
      events.setReceiveTimeOut((int) timeout.toMillis());
      // JeroMQ 0.6.0 sometimes stalls a fresh outgoing handshake; a short handshake interval
      // drops and redials such a connection instead of waiting 30 s.
      socket.setHandshakeIvl(300);
      socket.setLinger(timeout.toMillis());
      socket.connect(endpoint);
      if (ZMQ.Event.recv(events) == null) {
        throw new IllegalStateException(
            "no front end answered at "
                + endpoint
                + " within "
                + timeout.toMillis()
                + " ms: is it running, and is --to its ingress endpoint?");
      }
      socket.send(Codec.encodeBytes(message));
    }
  }
}
