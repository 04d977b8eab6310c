package io.jobwire.broker;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.security.CurveKeys;
import io.jobwire.security.CurveServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The test playing a worker: a raw DEALER socket speaking JSON. Test thread only. */
final class FakeWorker implements AutoCloseable {
  final String name;
  private final ZContext context = new ZContext();
  private final ZMQ.Socket dealer;

  FakeWorker(String name, String endpoint) {
    this(name, endpoint, null, null);
  }

  /** A worker that presents {@code own} and dials the server key {@code broker} (CURVE). */
  FakeWorker(String name, String endpoint, CurveKeys own, CurveKeys broker) {
    this.name = name;
    this.dealer = context.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setHandshakeIvl(500); // see FailedNotifier.HANDSHAKE_TIMEOUT_MS: JeroMQ connect race
    if (own != null) {
      CurveServer.client(dealer, own, broker);
    }
    dealer.connect(endpoint);
  }

  FakeWorker ready(int capacity, String... topics) {
    return send(
        "{\"type\":\"ready\",\"worker\":\"%s\",\"topics\":%s,\"capacity\":%d}"
            .formatted(name, Codec.encode(List.of(topics)), capacity));
  }

  FakeWorker heartbeat(String... running) {
    return send(
        "{\"type\":\"heartbeat\",\"worker\":\"%s\",\"running\":%s}"
            .formatted(name, Codec.encode(List.of(running))));
  }

  FakeWorker done(String job) {
    return send("{\"type\":\"done\",\"job\":\"" + job + "\"}");
  }

  FakeWorker fail(String job, boolean retry) {
    return send(
        "{\"type\":\"fail\",\"job\":\"%s\",\"error\":{\"code\":\"boom\",\"message\":\"it broke\"},\"retry\":%s}"
            .formatted(job, retry));
  }

  FakeWorker bye() {
    return send("{\"type\":\"bye\",\"worker\":\"" + name + "\"}");
  }

  FakeWorker send(String json) {
    dealer.send(json.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The next message other than a broker heartbeat, or null after {@code wait}. */
  JsonNode next(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    while (true) {
      long left = Math.max(1, (until - System.nanoTime()) / 1_000_000);
      dealer.setReceiveTimeOut((int) left);
      byte[] frame = dealer.recv();
      if (frame == null) {
        return null;
      }
      JsonNode message = parse(frame);
      if (!"heartbeat".equals(message.path("type").asText())) {
        return message;
      }
    }
  }

  /** Any next message, heartbeats included, or null after {@code wait}. */
  JsonNode nextRaw(Duration wait) {
    dealer.setReceiveTimeOut((int) wait.toMillis());
    byte[] frame = dealer.recv();
    return frame == null ? null : parse(frame);
  }

  /** The next job handed to this worker; fails the test after 5 s. */
  Job nextJob() {
    Job job = nextJob(Duration.ofSeconds(5));
    assertNotNull(job, name + " got no job");
    return job;
  }

  /** The next job handed to this worker, or null after {@code wait}. */
  Job nextJob(Duration wait) {
    JsonNode message = next(wait);
    if (message == null) {
      return null;
    }
    if (!"job".equals(message.path("type").asText())) {
      throw new AssertionError(name + " expected a job, got " + message);
    }
    try {
      return Codec.mapper().treeToValue(message.get("job"), Job.class);
    } catch (Exception e) {
      throw new AssertionError("bad job message " + message, e);
    }
  }

  private static JsonNode parse(byte[] frame) {
    try {
      return Codec.mapper().readTree(frame);
    } catch (Exception e) {
      throw new AssertionError("broker sent non-JSON", e);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
