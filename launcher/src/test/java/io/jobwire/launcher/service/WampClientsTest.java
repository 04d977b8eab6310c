package io.jobwire.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.client.WsClient;
import io.jobwire.frontend.AuthMode;
import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.ForeignWorkersTest;
import io.jobwire.launcher.Main;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.queue.TokenStore;
import io.jobwire.queue.testing.TestRedis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real Autobahn clients, Autobahn|Python ({@code python3-autobahn}) and Autobahn|JS (npm {@code
 * autobahn} in clients/wamp-test), run as child processes against a real front end, broker and
 * example workers (capacity 1, so a cancelled job that kept running would hold the only slot). Each
 * scenario is a function of clients/wamp-test/wamp_test.{py,js}; the client's exit code is its
 * verdict. On a developer machine without the clients the tests are skipped with the reason; in CI
 * ({@code CI=true}) a missing client fails them.
 */
class WampClientsTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Path DIR = ForeignWorkersTest.REPO.resolve("clients/wamp-test");

  static TestRedis redis;
  static LocalStack stack;
  static TokenStore tokens;
  static Frontend ticketFrontend;

  /** The two Autobahns and how to run a scenario with each. */
  enum Autobahn {
    PYTHON("/usr/bin/python3", DIR.resolve("wamp_test.py").toString()),
    JS("node", "--experimental-websocket", DIR.resolve("wamp_test.js").toString());

    final List<String> command;

    Autobahn(String... command) {
      this.command = List.of(command);
    }

    void require() {
      if (this == PYTHON) {
        ForeignWorkersTest.requireRuntime(
            ForeignWorkersTest.run("/usr/bin/python3", "-c", "import autobahn.asyncio"),
            "python3-autobahn for /usr/bin/python3");
      } else {
        ForeignWorkersTest.requireRuntime(
            Files.isDirectory(DIR.resolve("node_modules/autobahn")), "npm ci in clients/wamp-test");
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    redis = TestRedis.start();
    stack =
        LocalStack.start(
            redis.uri(),
            BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
            FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*").build(),
            WorkerOptions.examples(1));
    tokens = stack.own(TokenStore.redis(redis.uri()));
    ticketFrontend =
        stack.own(
            Frontend.start(
                FrontendConfig.builder()
                    .port(0)
                    .ingressBind("tcp://127.0.0.1:*")
                    .auth(AuthMode.TOKEN)
                    .build(),
                stack.queue(),
                tokens));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Autobahn.class)
  void a_call_with_receive_progress_gets_each_progress_then_the_result(Autobahn client)
      throws Exception {
    assertPasses(client, url(), "progress");
  }

  @ParameterizedTest
  @EnumSource(Autobahn.class)
  void a_failing_job_gives_an_error_with_the_jobwire_code(Autobahn client) throws Exception {
    assertPasses(client, url(), "failure");
  }

  @ParameterizedTest
  @EnumSource(Autobahn.class)
  void cancel_stops_the_worker(Autobahn client) throws Exception {
    assertPasses(client, url(), "cancel");
  }

  @ParameterizedTest
  @EnumSource(Autobahn.class)
  void a_call_timeout_fails_the_job_at_its_deadline(Autobahn client) throws Exception {
    assertPasses(client, url(), "timeout");
  }

  @ParameterizedTest
  @EnumSource(Autobahn.class)
  void a_wamp_and_a_jobwire_subscriber_get_the_event_pushed_from_the_terminal(Autobahn client)
      throws Exception {
    client.require();
    try (var jobwire = WsClient.connect(url())) {
      jobwire.next("welcome", WAIT);
      jobwire.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"news\"}");
      jobwire.next("subscribed", WAIT);
      try (var wamp = Run.start(client, url(), "events")) {
        wamp.awaitLine("subscribed");

        int exit =
            Main.commandLine()
                .execute(
                    "push",
                    "--to",
                    stack.frontend().ingressEndpoint(),
                    "--topic",
                    "news",
                    "--data",
                    "{\"headline\":\"hi\"}");

        assertEquals(0, exit);
        wamp.assertPassed();
        assertEquals("hi", jobwire.next("event", WAIT).path("data").path("headline").asText());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Autobahn.class)
  void a_ticket_is_welcomed_once_and_refused_when_replayed(Autobahn client) throws Exception {
    client.require();
    String ticket = tokens.issue("alice", Duration.ofMinutes(1));
    String url = ticketFrontend.webSocketUri().toString();

    assertPasses(client, url, "ticket", ticket);
    assertPasses(client, url, "ticket-replayed", ticket);
  }

  private static String url() {
    return stack.webSocketUrl("127.0.0.1");
  }

  private static void assertPasses(Autobahn client, String url, String... scenario)
      throws Exception {
    client.require();
    try (var run = Run.start(client, url, scenario)) {
      run.assertPassed();
    }
  }

  /** One run of a scenario: its output line by line, and its exit code as the verdict. */
  static final class Run implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();

    private Run(Process process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                try (var in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                    lines.add(line);
                  }
                } catch (IOException e) {
                  output.append("(output lost: ").append(e).append(")\n");
                }
              },
              "wamp-client-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Run start(Autobahn client, String url, String... scenario) throws IOException {
      List<String> argv = new ArrayList<>(client.command);
      argv.add(url);
      argv.addAll(List.of(scenario));
      return new Run(new ProcessBuilder(argv).redirectErrorStream(true).start());
    }

    void awaitLine(String expected) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (expected.equals(line)) {
          return;
        }
        if (line == null && !process.isAlive()) {
          break;
        }
      }
      throw new AssertionError("the client never said '" + expected + "':\n" + output);
    }

    void assertPassed() throws InterruptedException {
      assertTrue(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "still running:\n" + output);
      assertEquals(0, process.exitValue(), "the client's verdict:\n" + output);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
