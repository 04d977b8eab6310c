package io.jobwire.worker.internal;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.protocol.WorkerMessage;
import io.jobwire.worker.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The DEALER connection to one broker. Owned by the I/O thread (see {@link BrokerLinks}).
 *
 * <p>No identity is set: after a reconnect the broker sees a new ROUTER identity and learns the
 * worker again from the {@code ready} it re-sends (jobs are named by id in {@code done}/{@code
 * fail}, so they still reach the broker).
 */
final class BrokerLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerLink.class);

  private final ZContext context;
  private final WorkerConfig config;
  private final String endpoint;
  private final Supplier<WorkerMessage.Ready> ready;
  private final long timeoutNanos;
  private ZMQ.Socket dealer;
  private long lastHeardNanos;
  private boolean silent;
  private boolean full;

  BrokerLink(
      ZContext context, WorkerConfig config, String endpoint, Supplier<WorkerMessage.Ready> ready) {
    this.context = context;
    this.config = config;
    this.endpoint = endpoint;
    this.ready = ready;
    this.timeoutNanos = config.brokerTimeout().toNanos();
  }

  /** Creates the DEALER, connects it and sends {@code ready}. */
  void connect() {
    ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
    try {
      socket.setLinger((int) config.linger().toMillis()); // lets bye and last reports out on close
      // Bounds JeroMQ's occasional stuck connect (see WorkerConfig#handshakeTimeout).
      socket.setHandshakeIvl((int) config.handshakeTimeout().toMillis());
      socket.setMaxMsgSize(config.maxMessageBytes()); // JeroMQ allocates what a header claims
      CurveSockets.client(socket, config.curve().own(), config.curve().broker());
      socket.connect(endpoint);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    dealer = socket;
    lastHeardNanos = System.nanoTime();
    send(ready.get());
  }

  ZMQ.Socket socket() {
    return dealer;
  }

  String endpoint() {
    return endpoint;
  }

  /** When this broker was last heard from ({@link System#nanoTime()}). */
  long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** Sends without blocking; false (and a log line) when the socket would block. */
  boolean send(WorkerMessage message) {
    if (dealer.send(Codec.encodeBytes(message), ZMQ.DONTWAIT)) {
      full = false;
      return true;
    }
    if (!full) { // once until a send succeeds: a dead broker's queue stays full
      full = true;
      log.warn(
          "worker={} could not send {} to broker={}: its queue is full (is the broker down?)",
          config.id(),
          message,
          endpoint);
    }
    return false;
  }

  /**
   * Hands every waiting broker message to {@code handler}; malformed ones are logged and dropped.
   */
  void receive(Consumer<BrokerMessage> handler) {
    byte[] frame;
    while ((frame = dealer.recv(ZMQ.DONTWAIT)) != null) {
      lastHeardNanos = System.nanoTime();
      if (silent) {
        silent = false;
        log.info("worker={} hears broker={} again", config.id(), endpoint);
      }
      if (dealer.hasReceiveMore()) {
        skipRest();
        log.warn("worker={} dropped a multi-frame message from broker={}", config.id(), endpoint);
        continue;
      }
      BrokerMessage message;
      try {
        message = Codec.decodeBroker(frame);
      } catch (ProtocolException e) {
        refuse(frame, e);
        continue;
      }
      handler.accept(message);
    }
  }

  /**
   * A message that does not decode. If it still names a job (too deeply nested, a bad field), that
   * job fails with {@code bad_request} and no retry: ignored, it would hold a slot until its lease
   * lapsed and come back again and again.
   */
  private void refuse(byte[] frame, ProtocolException e) {
    var job = Codec.jobIdOf(frame);
    log.warn(
        "worker={} cannot decode a message from broker={} ({}){}: {}",
        config.id(),
        endpoint,
        e.getMessage(),
        job.map(id -> "; failing job=" + id + " with bad_request").orElse(", ignored"),
        preview(frame));
    job.ifPresent(
        id ->
            send(
                new WorkerMessage.Fail(
                    id,
                    ErrorInfo.of(
                        ErrorCode.BAD_REQUEST,
                        "the worker cannot decode this job: " + e.getMessage()),
                    false)));
  }

  /** Nanoseconds until the broker counts as silent (≤ 0: it is silent now). */
  long nanosUntilSilent(long nowNanos) {
    return lastHeardNanos + timeoutNanos - nowNanos;
  }

  /** Drops the DEALER and connects a new one, which re-sends {@code ready}. */
  void reconnect() {
    if (!silent) { // once per outage: a broker that is gone for good would flood the log
      silent = true;
      log.warn(
          "worker={} heard nothing from broker={} for {} ms; reconnecting and re-sending ready"
              + " until it answers",
          config.id(),
          endpoint,
          config.brokerTimeout().toMillis());
    } else {
      log.debug("worker={} broker={} still silent; reconnecting", config.id(), endpoint);
    }
    dealer.close();
    dealer = null;
    connect();
  }

  private void skipRest() {
    while (dealer.hasReceiveMore()) {
      dealer.recv(ZMQ.DONTWAIT);
    }
  }

  private static String preview(byte[] frame) {
    String text = new String(frame, StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  @Override
  public void close() {
    if (dealer != null) {
      dealer.close();
      dealer = null;
    }
  }
}
