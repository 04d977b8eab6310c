package io.jobwire.broker;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import java.time.Duration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The test playing a front end's ingress: a raw PULL socket on an ephemeral port. */
final class FakeFrontend implements AutoCloseable {
  private final ZContext context = new ZContext();
  private final ZMQ.Socket pull;
  final String endpoint;

  FakeFrontend() {
    pull = context.createSocket(SocketType.PULL);
    pull.setLinger(0);
    pull.bind("tcp://127.0.0.1:*");
    endpoint = pull.getLastEndpoint();
  }

  /** The next message pushed here, or null after {@code wait}. */
  IngressMessage next(Duration wait) throws Exception {
    pull.setReceiveTimeOut((int) wait.toMillis());
    byte[] frame = pull.recv();
    return frame == null ? null : Codec.decodeIngress(frame);
  }

  @Override
  public void close() {
    context.close();
  }
}
