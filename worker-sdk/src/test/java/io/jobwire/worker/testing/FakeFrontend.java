package io.jobwire.worker.testing;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Plays a front end's ingress in tests: a real PULL socket on an ephemeral port. */
public final class FakeFrontend implements AutoCloseable {

  public record Received(IngressMessage message, long order) {}

  private final ZContext context = new ZContext(1);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final String endpoint;
  private final ZMQ.Socket pull;
  private final Thread thread;
  private volatile boolean running = true;

  private FakeFrontend() {
    pull = context.createSocket(SocketType.PULL);
    pull.setLinger(0);
    endpoint = "tcp://127.0.0.1:" + pull.bindToRandomPort("tcp://127.0.0.1");
    thread = Thread.ofPlatform().name("fake-frontend").daemon(true).start(this::loop);
  }

  public static FakeFrontend start() {
    return new FakeFrontend();
  }

  /** The endpoint to put in a job's {@code reply_to}. */
  public String endpoint() {
    return endpoint;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The messages for one job, in arrival order. */
  public List<IngressMessage.Routed> messagesFor(String job) {
    return received.stream()
        .map(Received::message)
        .filter(m -> m instanceof IngressMessage.Routed routed && job.equals(routed.job()))
        .map(IngressMessage.Routed.class::cast)
        .toList();
  }

  public Received firstResult(String job) {
    return received.stream()
        .filter(
            r -> r.message() instanceof IngressMessage.Result result && job.equals(result.job()))
        .findFirst()
        .orElse(null);
  }

  private void loop() {
    try (ZMQ.Poller poller = context.createPoller(1)) {
      poller.register(pull, ZMQ.Poller.POLLIN);
      while (running) {
        poller.poll(20);
        byte[] frame;
        while ((frame = pull.recv(ZMQ.DONTWAIT)) != null) {
          try {
            received.add(new Received(Codec.decodeIngress(frame), Arrivals.next()));
          } catch (Exception e) {
            throw new AssertionError(
                "the worker pushed a malformed message: " + new String(frame), e);
          }
        }
      }
    } catch (RuntimeException e) {
      if (running) {
        throw e;
      }
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
