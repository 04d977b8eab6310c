package io.jobwire.worker.internal;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.WorkerMessage;
import io.jobwire.worker.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One {@link BrokerLink} (one DEALER) per broker endpoint. Owned by the I/O thread.
 *
 * <p>Why one DEALER per broker and not one DEALER connected to all: a DEALER deals outgoing
 * messages round-robin over its peers, so {@code ready} and each {@code heartbeat} would reach one
 * broker only, and the others would take the worker for dead. Each broker must hear every {@code
 * ready} and {@code heartbeat}, so each gets its own socket, its own silence timer and its own
 * reconnect.
 *
 * <p>What goes where: {@code ready} (on connect), {@code heartbeat} (listing every job running
 * here, whichever broker sent it, so each broker counts them against the capacity and any of them
 * extends their leases) and {@code bye} go to every broker. {@code done} goes to every broker too:
 * any one can mark the job succeeded in Redis (a second mark is a no-op) and each frees the slot at
 * once; when the broker that sent the job has died, the others still record it. {@code fail} goes
 * to one broker: the one that sent the job while it is alive, else the one heard from last.
 */
final class BrokerLinks implements AutoCloseable {
  private final List<BrokerLink> links = new ArrayList<>();
  private final long aliveNanos;

  BrokerLinks(ZContext context, WorkerConfig config, Supplier<WorkerMessage.Ready> ready) {
    for (String endpoint : config.brokers()) {
      links.add(new BrokerLink(context, config, endpoint, ready));
    }
    // a broker heartbeats every second; half the silence timeout tells a live one from a dead one
    this.aliveNanos = config.brokerTimeout().toNanos() / 2;
  }

  /** Connects every DEALER and sends each broker {@code ready}. */
  void connect() {
    links.forEach(BrokerLink::connect);
  }

  List<BrokerLink> all() {
    return links;
  }

  /** Every DEALER, to wait on; wait on the new ones after {@link #reconnectSilent}. */
  List<ZMQ.Socket> sockets() {
    return links.stream().map(BrokerLink::socket).toList();
  }

  /** Hands every waiting message, with the link it came on, to {@code handler}. */
  void receive(BiConsumer<BrokerLink, BrokerMessage> handler) {
    for (BrokerLink link : links) {
      link.receive(message -> handler.accept(link, message));
    }
  }

  void sendAll(WorkerMessage message) {
    for (BrokerLink link : links) {
      link.send(message);
    }
  }

  /**
   * Sends to {@code preferred} while it is alive, else to the broker heard from last. A message to
   * a broker that died just now may be lost; the job's lease then lapses and it runs again.
   */
  void sendToOne(BrokerLink preferred, WorkerMessage message, long nowNanos) {
    BrokerLink target = preferred;
    if (target == null || nowNanos - target.lastHeardNanos() > aliveNanos) {
      for (BrokerLink link : links) {
        if (target == null || link.lastHeardNanos() > target.lastHeardNanos()) {
          target = link;
        }
      }
    }
    target.send(message);
  }

  /** Nanoseconds until the first broker counts as silent (≤ 0: one is silent now). */
  long nanosUntilSilent(long nowNanos) {
    long nanos = Long.MAX_VALUE;
    for (BrokerLink link : links) {
      nanos = Math.min(nanos, link.nanosUntilSilent(nowNanos));
    }
    return nanos;
  }

  /** Reconnects every silent broker's DEALER; true when one was replaced (wait on the new one). */
  boolean reconnectSilent(long nowNanos) {
    boolean replaced = false;
    for (BrokerLink link : links) {
      if (link.nanosUntilSilent(nowNanos) <= 0) {
        link.reconnect();
        replaced = true;
      }
    }
    return replaced;
  }

  @Override
  public void close() {
    links.forEach(BrokerLink::close);
  }
}
