package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.client.WsClient;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.queue.testing.TestRedis;
import io.jobwire.security.CurveConfig;
import io.jobwire.worker.Worker;
import io.jobwire.worker.WorkerCurve;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker and a front end with CURVE on, keys made by {@code jobwire keys generate}: workers in
 * Java, Python and Node and {@code push} get in with their keys; a stranger's key gets nothing.
 */
class CurveStackTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path keys;
  static TestRedis redis;
  static LocalStack stack;
  Process process;
  Worker worker;

  @BeforeAll
  static void start() throws Exception {
    assertEquals(
        0,
        run("keys", "generate", "--dir", keys.toString(), "broker", "frontend", "worker", "pusher")
            .exit());
    Path brokerClients = Files.createDirectories(keys.resolve("broker-clients"));
    Path frontendClients = Files.createDirectories(keys.resolve("frontend-clients"));
    Files.copy(keys.resolve("worker.key"), brokerClients.resolve("worker.key"));
    for (String client : List.of("worker", "pusher", "broker")) {
      Files.copy(keys.resolve(client + ".key"), frontendClients.resolve(client + ".key"));
    }
    redis = TestRedis.start();
    stack =
        LocalStack.start(
            redis.uri(),
            BrokerConfig.builder()
                .bind("tcp://127.0.0.1:*")
                .curve(
                    CurveConfig.builder()
                        .secretFile(keys.resolve("broker.key_secret"))
                        .clients(brokerClients)
                        .frontendKeyFile(keys.resolve("frontend.key"))
                        .build()),
            FrontendConfig.builder()
                .port(0)
                .ingressBind("tcp://127.0.0.1:*")
                .topics(Set.of("upper", "count", "fail", "manual"))
                .curve(
                    CurveConfig.builder()
                        .secretFile(keys.resolve("frontend.key_secret"))
                        .clients(frontendClients)
                        .build())
                .build(),
            null);
  }

  @AfterAll
  static void stop() {
    stack.close();
    redis.close();
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    if (worker != null) {
      worker.close();
    }
    if (process != null) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void java_workers_with_their_keys_serve_subscriptions() throws Exception {
    worker = javaWorker();
    worker.start();

    ForeignWorkersTest.assertServesUpperAndCount(stack);
  }

  @Test
  void the_broker_tells_a_curve_front_end_that_a_job_failed() throws Exception {
    worker = javaWorker();
    worker.start();
    try (var client = WsClient.connect(stack.webSocketUrl("127.0.0.1"))) {
      client.next("welcome", WAIT);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"fail\",\"params\":{\"retry\":false}}");
      String sub = client.next("subscribed", WAIT).path("sub").asText();

      var failed = client.next(f -> sub.equals(f.path("sub").asText()) && f.has("seq"), WAIT);
      assertEquals("failed", failed.path("op").asText(), failed.toString());
    }
  }

  @Test
  void python_worker_with_its_keys_serves_subscriptions() throws Exception {
    ForeignWorkersTest.requirePython();
    process =
        ForeignWorkersTest.startWorker("python-curve", stack, keyArgs(), ForeignWorkersTest.PYTHON);

    ForeignWorkersTest.assertServesUpperAndCount(stack);
  }

  @Test
  void node_worker_with_its_keys_serves_subscriptions() throws Exception {
    ForeignWorkersTest.requireNode();
    process =
        ForeignWorkersTest.startWorker("node-curve", stack, keyArgs(), ForeignWorkersTest.NODE);

    ForeignWorkersTest.assertServesUpperAndCount(stack);
  }

  @Test
  void push_with_an_allowed_key_delivers_to_a_live_subscription() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl("127.0.0.1"))) {
      client.next("welcome", WAIT);
      String sub = subscribeWithoutWorker(client);

      Result push = push(sub, "pusher.key_secret");

      assertEquals(0, push.exit(), push.err());
      var result = client.next(f -> sub.equals(f.path("sub").asText()) && f.has("seq"), WAIT);
      assertEquals("pushed", result.path("data").path("by").asText(), result.toString());
    }
  }

  @Test
  void push_with_an_unknown_key_fails_in_seconds_and_the_front_end_counts_it() throws Exception {
    run("keys", "generate", "--dir", keys.resolve("strangers").toString(), "stranger");
    double before = refused();
    long started = System.nanoTime();

    Result push = push("s-nobody", "strangers/stranger.key_secret");

    assertEquals(1, push.exit(), push.out());
    assertTrue(push.err().contains("refused our CURVE key"), push.err());
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10));
    await().atMost(WAIT).until(() -> refused() > before);
  }

  @Test
  void push_with_the_wrong_server_key_says_the_key_was_probably_refused() {
    run("keys", "generate", "--dir", keys.resolve("impostor").toString(), "impostor");

    Result push =
        run(
            "push",
            "--to",
            stack.frontend().ingressEndpoint(),
            "--sub",
            "s-nobody",
            "--data",
            "{}",
            "--timeout",
            "2s",
            "--curve-secret",
            keys.resolve("pusher.key_secret").toString(),
            "--frontend-key",
            keys.resolve("impostor/impostor.key").toString());

    assertEquals(1, push.exit(), push.out());
    assertTrue(push.err().contains("refused"), push.err());
    assertTrue(push.err().contains("--frontend-key"), push.err());
  }

  private static Worker javaWorker() {
    var options = new WorkerOptions();
    options.capacity = 4;
    return options.build(
        stack.broker().endpoint(),
        WorkerCurve.fromFiles(
            keys.resolve("worker.key_secret"),
            keys.resolve("broker.key"),
            keys.resolve("frontend.key")));
  }

  private static List<String> keyArgs() {
    return List.of(
        "--curve-secret", keys.resolve("worker.key_secret").toString(),
        "--broker-key", keys.resolve("broker.key").toString(),
        "--frontend-key", keys.resolve("frontend.key").toString());
  }

  /** A subscription to a topic no worker serves, so only {@code push} can answer it. */
  private static String subscribeWithoutWorker(WsClient client) throws Exception {
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"manual\"}");
    return client.next("subscribed", WAIT).path("sub").asText();
  }

  private static Result push(String sub, String secret) {
    return run(
        "push",
        "--to",
        stack.frontend().ingressEndpoint(),
        "--sub",
        sub,
        "--data",
        "{\"by\":\"pushed\"}",
        "--curve-secret",
        keys.resolve(secret).toString(),
        "--frontend-key",
        keys.resolve("frontend.key").toString());
  }

  private static double refused() {
    return stack
        .frontend()
        .meterRegistry()
        .get("jobwire.frontend.curve.refused")
        .functionCounter()
        .count();
  }

  record Result(int exit, String out, String err) {}

  /** Runs a {@code jobwire} command in this JVM, capturing what it prints. */
  static synchronized Result run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      int exit = Main.commandLine().execute(args);
      return new Result(exit, out.toString(), err.toString());
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
