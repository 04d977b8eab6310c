package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A worker speaking the broker protocol over a real DEALER socket, pushing to the job's {@code
 * reply_to} over a real PUSH socket, all on the test thread.
 */
final class TestDealerWorker implements AutoCloseable {
  private final ZContext context = new ZContext(1);
  private final ZMQ.Socket dealer;
  private ZMQ.Socket push;
  private String pushTo;

  TestDealerWorker(String brokerEndpoint, String topic) {
    this(brokerEndpoint, topic, "w-test");
  }

  TestDealerWorker(String brokerEndpoint, String topic, String name) {
    dealer = context.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setHandshakeIvl(500);
    dealer.connect(brokerEndpoint);
    send(
        dealer,
        "{\"type\":\"ready\",\"worker\":\""
            + name
            + "\",\"topics\":[\""
            + topic
            + "\"],\"capacity\":1}");
  }

  /** The next job the broker hands over, skipping heartbeats; fails after 5 s. */
  Job nextJob() {
    JsonNode message = next("job");
    try {
      return Codec.mapper().treeToValue(message.get("job"), Job.class);
    } catch (IOException e) {
      throw new AssertionError("bad job " + message, e);
    }
  }

  /** The next non-heartbeat message of this type; fails after 5 s. */
  JsonNode next(String type) {
    long until = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < until) {
      dealer.setReceiveTimeOut(100);
      byte[] frame = dealer.recv();
      if (frame == null) {
        continue;
      }
      try {
        JsonNode message = Codec.mapper().readTree(frame);
        if (type.equals(message.path("type").asText())) {
          return message;
        }
      } catch (IOException e) {
        throw new AssertionError("the broker sent non-JSON", e);
      }
    }
    return fail("no '" + type + "' from the broker within 5 s");
  }

  /** Pushes to the job's reply_to, copying its route, as the contract asks workers to. */
  void push(Job job, String type, long seq, String data) {
    if (push == null || !job.replyTo().equals(pushTo)) {
      pushTo = job.replyTo();
      push = context.createSocket(SocketType.PUSH);
      push.setLinger(1_000);
      push.setHandshakeIvl(500);
      push.connect(job.replyTo());
    }
    send(
        push,
        "{\"type\":\"%s\",\"job\":\"%s\",\"route\":%s,\"seq\":%d,\"data\":%s}"
            .formatted(type, job.id(), Codec.encode(job.route()), seq, data));
  }

  void done(Job job) {
    send(dealer, "{\"type\":\"done\",\"job\":\"" + job.id() + "\"}");
  }

  void failForGood(Job job) {
    send(
        dealer,
        "{\"type\":\"fail\",\"job\":\"%s\",\"error\":{\"code\":\"boom\",\"message\":\"it broke\"},\"retry\":false}"
            .formatted(job.id()));
  }

  private static void send(ZMQ.Socket socket, String json) {
    socket.send(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    context.close();
  }
}
