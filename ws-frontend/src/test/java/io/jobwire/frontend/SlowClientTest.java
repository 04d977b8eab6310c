package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is cut off once its outgoing buffer overflows; memory stays bounded
 * and other clients see no delay. Prints the heap after GC before and after the flood (the
 * resolution report's figures).
 */
class SlowClientTest extends LiveFrontend {
  static final int STALLED = 20;
  static final String PAYLOAD = "\"" + "x".repeat(16 * 1024) + "\"";

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .resume(ResumeWindow.off())
        .limits(Limits.defaults().withOutbound(256 * 1024, 1_000));
  }

  @Test
  void clients_that_stop_reading_are_cut_off_while_another_clients_ping_stays_fast() {
    TestClient healthy = client();
    long heapBefore = heapAfterGc();

    List<TestClient> stalled = new ArrayList<>();
    for (int i = 0; i < STALLED; i++) {
      TestClient client = own(TestClient.connectNotReading(frontend.webSocketUri()));
      client.send("{\"op\":\"subscribe\",\"topic\":\"firehose\"}");
      stalled.add(client);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> frontend.stats().subscriptions() == STALLED);

    TestWorker worker = worker();
    List<Long> pings = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      worker.publish("firehose", PAYLOAD);
    }
    int published = 40;
    // Every stalled client now has its buffer full or is being cut off: the most it can hold.
    await().atMost(Duration.ofSeconds(10)).until(() -> frontend.stats().deliveries() >= 40);
    long heapDuring = heapAfterGc();
    while (frontend.stats().slowClientsDisconnected() < STALLED && published < 20_000) {
      for (int i = 0; i < 50; i++) {
        worker.publish("firehose", PAYLOAD);
      }
      published += 50;
      pings.add(pingMillis(healthy));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> frontend.stats().slowClientsDisconnected() == STALLED);
    await().atMost(Duration.ofSeconds(10)).until(() -> frontend.stats().connections() == 1);
    for (int i = 0; i < 11; i++) {
      pings.add(pingMillis(healthy));
    }
    long heapAfter = heapAfterGc();

    List<Long> sorted = new ArrayList<>(pings);
    Collections.sort(sorted);
    long median = sorted.get(sorted.size() / 2);
    System.out.printf(
        "slow-client flood: %d stalled clients, %d publishes of %d KiB (%d MiB offered per client),"
            + " heap after GC before=%.1f MiB during=%.1f MiB after=%.1f MiB, healthy ping"
            + " median=%d ms p90=%d ms max=%d ms over %d pings%n",
        STALLED,
        published,
        PAYLOAD.length() / 1024,
        (long) published * PAYLOAD.length() / (1024 * 1024),
        heapBefore / 1048576.0,
        heapDuring / 1048576.0,
        heapAfter / 1048576.0,
        median,
        sorted.get(sorted.size() * 9 / 10),
        sorted.get(sorted.size() - 1),
        pings.size());
    assertTrue(median < 50, "median ping " + median + " ms");
    assertTrue(healthy.isOpen());
    assertEquals(0, frontend.stats().subscriptions());
    // Bounded: what the stalled clients were offered is far beyond what the heap grew by.
    assertTrue(
        heapAfter - heapBefore < 64L * 1024 * 1024,
        "heap grew by " + (heapAfter - heapBefore) / 1048576 + " MiB");
  }

  private static long pingMillis(TestClient client) {
    long start = System.nanoTime();
    client.send("{\"op\":\"ping\",\"ref\":\"t\"}");
    client.next("pong");
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long heapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
