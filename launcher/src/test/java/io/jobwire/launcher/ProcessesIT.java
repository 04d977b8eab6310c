package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import io.jobwire.queue.testing.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The parts as separate processes from the runnable jar, exactly as the README runs them: broker,
 * front end and workers against one Redis.
 */
class ProcessesIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final JarProcesses processes = new JarProcesses();
  private TestRedis redis;

  @AfterEach
  void stop() throws InterruptedException {
    processes.close();
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void frontend_broker_and_workers_as_three_processes_serve_a_ping() throws Exception {
    redis = TestRedis.start();
    int brokerPort = freePort();
    int ingressPort = freePort();
    int httpPort = freePort();
    int brokerHttpPort = freePort();

    start(
        "broker",
        "--redis",
        redis.uri(),
        "--bind",
        "tcp://127.0.0.1:" + brokerPort,
        "--http-port",
        String.valueOf(brokerHttpPort));
    start(
        "frontend",
        "--redis",
        redis.uri(),
        "--auth",
        "none",
        "--port",
        String.valueOf(httpPort),
        "--ingress",
        "tcp://127.0.0.1:" + ingressPort,
        "--topics",
        "ping,sysinfo");
    start("workers", "--broker", "tcp://127.0.0.1:" + brokerPort, "--capacity", "4");
    await().atMost(WAIT).until(() -> accepts(httpPort));

    try (var client = WsClient.connect("ws://127.0.0.1:" + httpPort + "/ws")) {
      client.next("welcome", WAIT);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":3,\"interval_ms\":100}}");
      String sub = client.next("subscribed", WAIT).path("sub").asText();

      List<String> ops = new ArrayList<>();
      JsonNode frame;
      do {
        frame = client.next(f -> sub.equals(f.path("sub").asText()) && f.has("seq"), WAIT);
        ops.add(frame.path("op").asText() + ":" + frame.path("seq").asLong());
      } while (!frame.path("op").asText().equals("result"));

      assertEquals(List.of("progress:1", "progress:2", "progress:3", "result:4"), ops);

      int exit =
          Main.commandLine()
              .execute(
                  "push",
                  "--to",
                  "tcp://127.0.0.1:" + ingressPort,
                  "--sub",
                  sub,
                  "--data",
                  "{\"x\":1}");
      assertEquals(0, exit);
      assertEquals(1, client.next("result", WAIT).path("data").path("x").asInt());

      // what each process published to Redis, read by a fourth: jobwire status
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                var out = new java.io.StringWriter();
                Main.commandLine()
                    .setOut(new java.io.PrintWriter(out))
                    .execute("status", "--json", "--redis", redis.uri());
                JsonNode status = io.jobwire.protocol.Codec.parse(out.toString());
                assertEquals(1, status.path("worker_counts").path("total").asInt(), out::toString);
                assertEquals(1, status.path("frontends").path(0).path("connections").asInt());
                assertEquals(1, status.path("brokers").path(0).path("succeeded").asInt());
              });
    }
    var http = java.net.http.HttpClient.newHttpClient();
    for (int port : new int[] {httpPort, brokerHttpPort}) {
      var ready =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port + "/health/ready"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), ready.body());
    }
  }

  private void start(String... args) throws IOException {
    processes.start(args[0], args);
  }

  private static boolean accepts(int port) {
    return JarProcesses.accepts(port);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
