package io.jobwire.frontend;

import io.jobwire.client.HandshakeRefusedException;
import io.jobwire.client.WsClient;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.TokenStore;
import io.jobwire.queue.testing.TestRedis;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real front end for each test: real Redis (one per test class), Undertow on a free port, the
 * ingress on a free port. Clients and workers made here are closed after the test.
 */
abstract class LiveFrontend {
  static TestRedis redis;
  static JobQueue queue;

  Frontend frontend;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
    queue = JobQueue.redis(redis.uri());
  }

  @AfterAll
  static void stopRedis() {
    // A test may have stopped Redis; closing the queue must still work.
    queue.close();
    redis.close();
  }

  @BeforeEach
  void startFrontend() {
    frontend = Frontend.start(config().build(), queueForTest(), tokensForTest());
  }

  @AfterEach
  void closeEverything() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
    frontend.close();
  }

  /** Ephemeral ports, every topic allowed; tests override to change it. */
  FrontendConfig.Builder config() {
    return FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*");
  }

  /** The queue the front end uses; tests override to wrap it. */
  JobQueue queueForTest() {
    return queue;
  }

  /** The token store for {@code auth token}; none by default. */
  TokenStore tokensForTest() {
    return null;
  }

  /** A client connected to {@code /ws?query}, nothing read yet. */
  TestClient clientWithQuery(String query) {
    TestClient client =
        TestClient.connect(URI.create(frontend.webSocketUri() + "?" + query), "jobwire.v1");
    opened.push(client);
    return client;
  }

  /** Closes it with the others after the test. */
  <T extends AutoCloseable> T own(T closeable) {
    opened.push(closeable);
    return closeable;
  }

  /** A connected client whose {@code welcome} has been read. */
  TestClient client() {
    TestClient client = TestClient.connect(frontend.webSocketUri());
    opened.push(client);
    client.next("welcome");
    return client;
  }

  /** A client as it connects, nothing read yet. */
  TestClient rawClient(String... subprotocols) {
    TestClient client = TestClient.connect(frontend.webSocketUri(), subprotocols);
    opened.push(client);
    return client;
  }

  /**
   * The HTTP status of a WebSocket upgrade of {@code /ws} (101 = upgraded, then closed), sent with
   * this {@code Origin} header unless null.
   */
  int upgradeStatus(String origin) {
    var upgrade = WsClient.to(frontend.webSocketUri());
    if (origin != null) {
      upgrade.header("Origin", origin);
    }
    try (WsClient upgraded = upgrade.connect()) {
      return 101;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof HandshakeRefusedException refused) {
        return refused.status();
      }
      throw e;
    }
  }

  /** GET {@code path} on the front end's HTTP port. */
  java.net.http.HttpResponse<String> httpGet(String path) {
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(
          java.net.http.HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + frontend.httpPort() + path))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  TestWorker worker() {
    TestWorker worker = new TestWorker(frontend.ingressEndpoint());
    opened.push(worker);
    return worker;
  }
}
