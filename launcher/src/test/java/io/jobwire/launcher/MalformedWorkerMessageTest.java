package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import io.jobwire.worker.Worker;
import io.jobwire.workers.ExampleWorkers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A worker that speaks nonsense is counted and ignored; the broker keeps serving the others. */
class MalformedWorkerMessageTest {
  @RegisterExtension
  static final StackExtension stack =
      StackExtension.workers(
          endpoint -> ExampleWorkers.register(Worker.builder().broker(endpoint)).build());

  static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void broker_logs_and_counts_malformed_worker_messages_and_keeps_serving() throws Exception {
    var brokerLog = (Logger) LoggerFactory.getLogger("io.jobwire.broker.internal.loop.BrokerLoop");
    var logged = new ListAppender<ILoggingEvent>();
    logged.start();
    brokerLog.addAppender(logged);
    try (ZContext context = new ZContext()) {
      ZMQ.Socket rogue = context.createSocket(SocketType.DEALER);
      rogue.setHandshakeIvl(500);
      rogue.connect(stack.get().broker().endpoint());
      rogue.send("this is not JSON");
      rogue.send("{\"type\":\"hello\",\"worker\":\"rogue\"}"); // unknown type
      rogue.send("{\"type\":\"ready\",\"worker\":\"rogue\",\"topics\":[\"upper\"]}"); // no capacity
      rogue.sendMore(""); // a REQ-style empty delimiter makes two frames
      rogue.send("{\"type\":\"heartbeat\",\"worker\":\"rogue\",\"running\":[]}");

      await().atMost(WAIT).until(() -> stack.get().broker().stats().malformedMessages() == 4);
      List<String> warnings =
          List.copyOf(logged.list).stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.startsWith("malformed message from worker="))
              .toList();
      assertEquals(4, warnings.size(), warnings::toString);
      // the example worker joins on its own schedule; the rogue must never be counted beside it
      await().atMost(WAIT).until(() -> stack.get().broker().stats().workers() == 1);

      try (var client = WsClient.connect(stack.webSocketUrl())) {
        client.next("welcome", WAIT);
        client.send(
            "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"upper\",\"params\":{\"text\":\"ok\"}}");
        String sub = client.next("subscribed", WAIT).path("sub").asText();
        JsonNode result =
            client.next(f -> sub.equals(f.path("sub").asText()) && f.has("seq"), WAIT);
        assertEquals("OK", result.path("data").path("text").asText(), result.toString());
      }
    } finally {
      brokerLog.detachAppender(logged);
    }
  }
}
