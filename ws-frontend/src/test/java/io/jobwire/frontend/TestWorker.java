package io.jobwire.frontend;

import io.jobwire.security.CurveKeys;
import io.jobwire.security.CurveServer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Plays a worker (or a terminal): a real PUSH socket connected to the front end's ingress.
 *
 * <p>About one connect in fifty, JeroMQ 0.6.0's connecting side stalls in the ZMTP handshake (it
 * never reads the peer's greeting, so queued messages never leave). A short handshake interval on
 * the connecting socket makes it drop and redial instead: every PUSH to a front end needs it.
 */
final class TestWorker implements AutoCloseable {
  private final ZContext context = new ZContext(1);
  private final ZMQ.Socket push;

  TestWorker(String endpoint) {
    this(endpoint, null, null);
  }

  /** A worker that presents {@code own} and dials the server key {@code frontend} (CURVE). */
  TestWorker(String endpoint, CurveKeys own, CurveKeys frontend) {
    push = context.createSocket(SocketType.PUSH);
    push.setLinger(1_000);
    push.setHandshakeIvl(500);
    if (own != null) {
      CurveServer.client(push, own, frontend);
    }
    push.connect(endpoint);
  }

  void push(String json) {
    push.send(json);
  }

  void progress(String job, String sub, long seq, String data) {
    push(
        "{\"type\":\"progress\",\"job\":\"%s\",\"route\":{\"sub\":\"%s\"},\"seq\":%d,\"data\":%s}"
            .formatted(job, sub, seq, data));
  }

  void result(String job, String sub, long seq, String data) {
    push(
        "{\"type\":\"result\",\"job\":\"%s\",\"route\":{\"sub\":\"%s\"},\"seq\":%d,\"data\":%s}"
            .formatted(job, sub, seq, data));
  }

  void publish(String topic, String data) {
    push("{\"type\":\"publish\",\"topic\":\"%s\",\"data\":%s}".formatted(topic, data));
  }

  @Override
  public void close() {
    context.close();
  }
}
