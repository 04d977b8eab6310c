package io.jobwire.worker.testing;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.WorkerMessage;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Plays the broker in tests: a real ROUTER on an ephemeral port, owned by its own thread. It
 * records every worker message, answers each worker heartbeat with a broker heartbeat (unless told
 * to stay silent) and sends what the test queues to the worker that spoke last.
 */
public final class FakeBroker implements AutoCloseable {

  /** A worker message, the ROUTER identity it came from and its arrival order. */
  public record Received(String identity, WorkerMessage message, long order) {}

  private final ZContext context = new ZContext(1);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Queue<byte[]> outgoing = new ConcurrentLinkedQueue<>();
  private final String endpoint;
  private final ZMQ.Socket router;
  private final Thread thread;
  private volatile boolean answerHeartbeats = true;
  private volatile boolean running = true;
  private byte[] lastIdentity; // owned by the broker thread

  private FakeBroker() {
    router = context.createSocket(SocketType.ROUTER);
    router.setLinger(0);
    endpoint = "tcp://127.0.0.1:" + router.bindToRandomPort("tcp://127.0.0.1");
    thread = Thread.ofPlatform().name("fake-broker").daemon(true).start(this::loop);
  }

  public static FakeBroker start() {
    return new FakeBroker();
  }

  public String endpoint() {
    return endpoint;
  }

  /** When false the broker stops answering heartbeats, as if it hung. */
  public void answerHeartbeats(boolean answer) {
    answerHeartbeats = answer;
  }

  /** Sends {@code message} to the worker that spoke last. */
  public void send(BrokerMessage message) {
    outgoing.add(Codec.encodeBytes(message));
  }

  /** Sends any frame, for malformed-message tests. */
  public void sendRaw(byte[] frame) {
    outgoing.add(frame);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public <T extends WorkerMessage> List<T> received(Class<T> type) {
    return received.stream()
        .map(Received::message)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** The arrival of the first message of {@code type} matching the job id, or null. */
  public Received first(Class<? extends WorkerMessage> type, String job) {
    return received.stream()
        .filter(r -> type.isInstance(r.message()))
        .filter(r -> job.equals(jobOf(r.message())))
        .findFirst()
        .orElse(null);
  }

  /** Every {@code done} and {@code fail} of the job, in the order they arrived. */
  public List<Received> finishes(String job) {
    return received.stream().filter(r -> job.equals(jobOf(r.message()))).toList();
  }

  private static String jobOf(WorkerMessage message) {
    return switch (message) {
      case WorkerMessage.Done done -> done.job();
      case WorkerMessage.Fail fail -> fail.job();
      default -> null;
    };
  }

  private void loop() {
    try (ZMQ.Poller poller = context.createPoller(1)) {
      poller.register(router, ZMQ.Poller.POLLIN);
      while (running) {
        poller.poll(2);
        byte[] identity;
        while ((identity = router.recv(ZMQ.DONTWAIT)) != null) {
          byte[] frame = router.recv();
          onMessage(identity, frame);
        }
        byte[] frame;
        while (lastIdentity != null && (frame = outgoing.poll()) != null) {
          router.sendMore(lastIdentity);
          router.send(frame);
        }
      }
    } catch (RuntimeException e) {
      if (running) {
        throw e;
      }
    }
  }

  private void onMessage(byte[] identity, byte[] frame) {
    WorkerMessage message;
    try {
      message = Codec.decodeWorker(frame);
    } catch (Exception e) {
      throw new AssertionError("the worker sent a malformed message: " + new String(frame), e);
    }
    received.add(new Received(HexFormat.of().formatHex(identity), message, Arrivals.next()));
    lastIdentity = identity;
    if (message instanceof WorkerMessage.Heartbeat && answerHeartbeats) {
      router.sendMore(identity);
      router.send(Codec.encodeBytes(new BrokerMessage.Heartbeat()));
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    context.close();
  }
}
