package io.jobwire.broker.internal.workers;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.Codec;
import org.zeromq.ZMQ;

/**
 * Sends to workers through the ROUTER socket. Broker thread only, like the socket. A message to a
 * worker that is gone is dropped by ZeroMQ; its jobs come back when it is declared dead.
 */
public final class WorkerLink {
  private static final byte[] HEARTBEAT = Codec.encodeBytes(new BrokerMessage.Heartbeat());

  private final ZMQ.Socket router;

  public WorkerLink(ZMQ.Socket router) {
    this.router = router;
  }

  void send(WorkerEntry worker, BrokerMessage message) {
    send(worker.identity, Codec.encodeBytes(message));
  }

  public void heartbeat(WorkerEntry worker) {
    send(worker.identity, HEARTBEAT);
  }

  private void send(byte[] identity, byte[] payload) {
    if (router.sendMore(identity)) {
      router.send(payload, ZMQ.DONTWAIT);
    }
  }
}
