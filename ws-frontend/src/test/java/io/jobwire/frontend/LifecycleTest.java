package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.testing.TestRedis;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starting and stopping a front end. */
class LifecycleTest {
  private static TestRedis redis;
  private static JobQueue queue;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
    queue = JobQueue.redis(redis.uri());
  }

  @AfterAll
  static void stopRedis() {
    queue.close();
    redis.close();
  }

  /** Live jobwire threads, other than those that ran before the test (other tests' leftovers). */
  private static List<String> jobwireThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(thread -> !before.contains(thread))
        .map(Thread::getName)
        .filter(name -> name.startsWith("jobwire-"))
        .sorted()
        .toList();
  }

  private static FrontendConfig.Builder ephemeral() {
    return FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*");
  }

  @Test
  void close_says_going_away_to_clients_and_stops_its_threads() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Frontend frontend = Frontend.start(ephemeral().build(), queue);
    TestClient client = TestClient.connect(frontend.webSocketUri());
    client.next("welcome");

    frontend.close();

    assertEquals(1001, client.awaitCloseCode());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertEquals(List.of(), jobwireThreads(before)));
    client.close();
  }

  @Test
  void ports_are_released_on_close_so_the_same_ones_can_be_bound_again() {
    Frontend first = Frontend.start(ephemeral().build(), queue);
    int port = first.httpPort();
    String ingress = first.ingressEndpoint();
    first.close();

    try (Frontend second =
        Frontend.start(ephemeral().port(port).ingressBind(ingress).build(), queue)) {
      assertEquals(port, second.httpPort());
      assertEquals(ingress, second.ingressEndpoint());
    }
  }

  @Test
  void start_fails_clearly_when_the_http_port_is_taken() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      FrontendConfig config = ephemeral().port(taken.getLocalPort()).build();

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Frontend.start(config, queue));

      assertTrue(e.getMessage().contains(String.valueOf(taken.getLocalPort())), e.getMessage());
    }
    // A pool told to shut down lets its threads end on their own: give them a moment, not forever.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertEquals(
                    List.of(), jobwireThreads(before), "threads of the failed start still run"));
  }

  @Test
  void start_fails_clearly_when_the_ingress_endpoint_is_taken() {
    try (Frontend first = Frontend.start(ephemeral().build(), queue)) {
      FrontendConfig config = ephemeral().ingressBind(first.ingressEndpoint()).build();

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Frontend.start(config, queue));

      assertTrue(e.getMessage().contains(first.ingressEndpoint()), e.getMessage());
    }
  }

  @Test
  void reply_to_is_the_configured_one_when_set() {
    try (Frontend frontend =
        Frontend.start(ephemeral().replyTo("tcp://frontend-1.internal:5555").build(), queue)) {
      assertEquals("tcp://frontend-1.internal:5555", frontend.replyTo());
      assertTrue(frontend.ingressEndpoint().startsWith("tcp://127.0.0.1:"));
    }
  }
}
