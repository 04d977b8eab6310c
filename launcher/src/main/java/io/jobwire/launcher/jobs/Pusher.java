package io.jobwire.launcher.jobs;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.security.CurveKeys;
import io.jobwire.security.CurveServer;
import java.time.Duration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Sends one message into a front end's ingress, as a worker would: the code path of {@code push}.
 */
final class Pusher {
  private static final int EVENTS =
      ZMQ.EVENT_CONNECTED
          | ZMQ.EVENT_DISCONNECTED
          | ZMQ.EVENT_HANDSHAKE_PROTOCOL
          | ZMQ.HANDSHAKE_FAILED_AUTH
          | ZMQ.HANDSHAKE_FAILED_PROTOCOL;

  /** How long after the greeting a CURVE refusal may still come. */
  static final Duration CURVE_SETTLE = Duration.ofSeconds(1);

  private Pusher() {}

  static void push(String endpoint, IngressMessage message, Duration timeout) {
    push(endpoint, message, timeout, null, null);
  }

  /**
   * Connects a PUSH socket to {@code endpoint} (with CURVE when {@code own} is given), waits until
   * a front end has answered, sends the message and lets it leave before closing. With CURVE it
   * then waits {@link #CURVE_SETTLE} for a refusal of our key.
   *
   * @throws IllegalStateException when no front end completes the handshake within {@code timeout},
   *     or when the front end refuses our CURVE key
   */
  static void push(
      String endpoint, IngressMessage message, Duration timeout, CurveKeys own, CurveKeys server) {
    try (var context = new ZContext();
        ZMQ.Socket socket = context.createSocket(SocketType.PUSH);
        ZMQ.Socket events = context.createSocket(SocketType.PAIR)) {
      // A PUSH socket queues a message even when nobody listens, and a refused CURVE key raises
      // no error: the monitor tells when a peer has answered, and why a handshake failed.
      String monitor = "inproc://push-monitor";
      socket.monitor(monitor, EVENTS);
      events.connect(monitor);
      // JeroMQ 0.6.0 sometimes stalls a fresh outgoing handshake; a short handshake interval
      // drops and redials such a connection instead of waiting 30 s.
      socket.setHandshakeIvl(300);
      socket.setLinger(timeout.toMillis());
      if (own != null) {
        CurveServer.client(socket, own, server);
      }
      socket.connect(endpoint);
      long deadline = System.nanoTime() + timeout.toNanos();
      long settled = Long.MAX_VALUE;
      boolean connected = false;
      boolean up = false;
      while (System.nanoTime() < Math.min(deadline, settled)) {
        events.setReceiveTimeOut(
            (int) Math.max(1, (Math.min(deadline, settled) - System.nanoTime()) / 1_000_000));
        ZMQ.Event event = ZMQ.Event.recv(events);
        if (event == null) {
          continue;
        }
        connected |= event.getEvent() == ZMQ.EVENT_CONNECTED;
        if (event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
          up = true;
        } else if (event.getEvent() == ZMQ.EVENT_DISCONNECTED) {
          up = false; // a stalled handshake is dropped and redialled: only one left down counts
        }
        try {
          refusal(endpoint, event.getEvent(), own);
        } catch (IllegalStateException e) {
          socket.setLinger(0); // what was queued can never leave: don't wait for it
          throw e;
        }
        if (event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL && settled == Long.MAX_VALUE) {
          // A refused CURVE handshake may drop the connection before this send, and JeroMQ does
          // not redial it: a blocking send would then wait forever. Time out and read the refusal.
          socket.setSendTimeOut(1000);
          if (!socket.send(Codec.encodeBytes(message))) {
            continue;
          }
          // JeroMQ 0.6.0 reports no event when a CURVE handshake succeeds, only when it fails:
          // a refusal comes within a few round trips, so silence for a while means success.
          settled = own == null ? 0 : System.nanoTime() + CURVE_SETTLE.toNanos();
        }
      }
      if (settled == Long.MAX_VALUE) {
        socket.setLinger(0);
        throw new IllegalStateException(silence(endpoint, timeout, connected, own != null));
      }
      if (own != null && !up) {
        socket.setLinger(0);
        throw new IllegalStateException(hungUp(endpoint));
      }
    }
  }

  /** A server that cannot open our HELLO (we used the wrong server key) hangs up without a word. */
  private static String hungUp(String endpoint) {
    return "the front end at "
        + endpoint
        + " hung up during the CURVE handshake: it probably refused it. Check that"
        + " --frontend-key is that front end's public .key and that our public .key is in its"
        + " --curve-clients directory (its log names refused keys)";
  }

  private static void refusal(String endpoint, int event, CurveKeys own) {
    if (event == ZMQ.HANDSHAKE_FAILED_AUTH) {
      throw new IllegalStateException(
          "the front end at "
              + endpoint
              + " refused our CURVE key "
              + own.publicKey()
              + ": copy our .key file into its --curve-clients directory");
    }
    if (event == ZMQ.HANDSHAKE_FAILED_PROTOCOL) {
      throw new IllegalStateException(
          "the CURVE handshake with "
              + endpoint
              + " failed: is --frontend-key that front end's public .key?");
    }
  }

  private static String silence(
      String endpoint, Duration timeout, boolean connected, boolean curve) {
    if (connected) {
      return "the front end at "
          + endpoint
          + " accepted the connection but no handshake completed within "
          + timeout.toMillis()
          + " ms: "
          + (curve
              ? "the server probably refused the CURVE handshake: check that --frontend-key is"
                  + " that front end's public .key and that our public .key is in its"
                  + " --curve-clients directory (its log names refused keys); or it runs without"
                  + " CURVE (then drop --curve-secret and --frontend-key)"
              : "it may require CURVE (then pass --curve-secret and --frontend-key)");
    }
    return "no front end answered at "
        + endpoint
        + " within "
        + timeout.toMillis()
        + " ms: is it running, and is --to its ingress endpoint?";
  }
}
