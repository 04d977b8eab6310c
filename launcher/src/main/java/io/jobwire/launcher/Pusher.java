package io.jobwire.launcher;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import java.time.Duration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Sends one message into a front end's ingress, as a worker would: the code path of {@code push}. */
final class Pusher {
  private Pusher() {}

  /**
   * Connects a PUSH socket to {@code endpoint}, sends the message and waits until it has left.
   *
   * @throws IllegalStateException when no front end accepts the connection within {@code timeout}
   */
  static void push(String endpoint, IngressMessage message, Duration timeout) {
    try (var context = new ZContext();
        ZMQ.Socket socket = context.createSocket(SocketType.PUSH)) {
      // Without IMMEDIATE a PUSH queues the message even when nobody listens; with it, send
      // waits for a real connection, so a wrong endpoint is reported instead of silently lost.
      socket.setImmediate(true);
      // JeroMQ 0.6.0 sometimes stalls a fresh outgoing handshake; a short handshake interval
      // drops and redials such a connection instead of waiting 30 s.
      socket.setHandshakeIvl(300);
      socket.setSendTimeOut((int) timeout.toMillis());
      socket.setLinger(timeout.toMillis());
      socket.connect(endpoint);
      if (!socket.send(Codec.encodeBytes(message))) {
        throw new IllegalStateException(
            "no front end accepted a connection at " + endpoint + " within " + timeout.toSeconds()
                + " s: is it running, and is --to its ingress endpoint?");
      }
    }
  }
}
