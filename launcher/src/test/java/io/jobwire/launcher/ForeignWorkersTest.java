package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.client.WsClient;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.protocol.JobState;
import io.jobwire.protocol.testing.Schemas;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Python, Node and PHP reference workers, as child processes, serve real subscriptions through
 * the real broker and front end. On a developer machine without pyzmq, {@code npm ci} or php-zmq
 * these tests are skipped with the reason; in CI ({@code CI=true}) a missing runtime fails them.
 * Each also serves two real brokers on one Redis at once ({@code --broker a,b}) and keeps serving
 * when one closes.
 */
public class ForeignWorkersTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  public static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @RegisterExtension
  static final StackExtension stack =
      StackExtension.workers(null).frontend(f -> f.topics(Set.of("upper", "count")));

  Process worker;

  @AfterEach
  void stopWorker() throws InterruptedException {
    if (worker != null) {
      worker.destroy();
      if (!worker.waitFor(15, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  @Test
  void python_worker_serves_upper_and_count() throws Exception {
    requirePython();
    worker = startWorker("python", stack.get(), List.of(), PYTHON);

    assertServesUpperAndCount(stack.get());
  }

  @Test
  void node_worker_serves_upper_and_count() throws Exception {
    requireNode();
    worker = startWorker("node", stack.get(), List.of(), NODE);

    assertServesUpperAndCount(stack.get());
  }

  @Test
  void php_worker_serves_upper_and_count() throws Exception {
    requirePhp();
    worker = startWorker("php", stack.get(), List.of(), PHP);

    assertServesUpperAndCount(stack.get());
  }

  @Test
  void php_worker_serves_two_brokers_and_outlives_one() throws Exception {
    requirePhp();
    assertServesTwoBrokers("php-two-brokers", PHP);
  }

  @Test
  void python_worker_serves_two_brokers_and_outlives_one() throws Exception {
    requirePython();
    assertServesTwoBrokers("python-two-brokers", PYTHON);
  }

  @Test
  void node_worker_serves_two_brokers_and_outlives_one() throws Exception {
    requireNode();
    assertServesTwoBrokers("node-two-brokers", NODE);
  }

  /**
   * A second broker on the stack's Redis; the worker connects to both. Jobs go out through both
   * brokers and all complete; after the second broker closes, the worker still serves the first.
   */
  void assertServesTwoBrokers(String name, String... command) throws Exception {
    Broker first = stack.get().broker();
    try (JobQueue queue = JobQueue.redis(stack.redisUri());
        Broker second =
            Broker.start(
                BrokerConfig.builder()
                    .bind("tcp://127.0.0.1:*")
                    .redisUri(stack.redisUri())
                    .build())) {
      worker = startWorker(name, first.endpoint() + "," + second.endpoint(), List.of(), command);
      await()
          .atMost(WAIT)
          .until(() -> first.stats().workers() >= 1 && second.stats().workers() >= 1);
      long firstBefore = first.stats().assigned();

      List<String> ids = enqueueCounts(queue, 24);
      await().atMost(WAIT).until(() -> succeeded(queue, ids) == ids.size());
      assertTrue(first.stats().assigned() > firstBefore, "the first broker assigned jobs");
      assertTrue(second.stats().assigned() > 0, "the second broker assigned jobs");

      second.close();
      List<String> after = enqueueCounts(queue, 8);
      await().atMost(WAIT).until(() -> succeeded(queue, after) == after.size());
    }
  }

  static List<String> enqueueCounts(JobQueue queue, int n) throws IOException {
    JsonNode params = new ObjectMapper().readTree("{\"n\":2,\"interval_ms\":50}");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(queue.enqueue(JobRequest.of("count", params)));
    }
    return ids;
  }

  static long succeeded(JobQueue queue, List<String> ids) {
    return ids.stream()
        .filter(id -> queue.status(id).map(JobStatus::state).orElse(null) == JobState.SUCCEEDED)
        .count();
  }

  static final String[] PYTHON = {
    "/usr/bin/python3", REPO.resolve("workers/python/jobwire_worker.py").toString()
  };
  static final String[] NODE = {"node", REPO.resolve("workers/node/worker.js").toString()};
  static final String[] PHP = {"php", REPO.resolve("workers/php/jobwire_worker.php").toString()};

  static void requirePhp() {
    requireRuntime(
        run("php", "-r", "exit(extension_loaded('zmq') ? 0 : 1);"), "php-cli and php-zmq");
  }

  static void requirePython() {
    requireRuntime(run("/usr/bin/python3", "-c", "import zmq"), "python3-zmq for /usr/bin/python3");
  }

  static void requireNode() {
    requireRuntime(
        Files.isDirectory(REPO.resolve("workers/node/node_modules/zeromq")),
        "npm ci in workers/node");
  }

  /** Subscribes to upper and count through {@code stack}; a worker must serve them. */
  static void assertServesUpperAndCount(LocalStack stack) throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl("127.0.0.1"))) {
      client.next("welcome", WAIT);

      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"upper\",\"params\":{\"text\":\"abc\"}}");
      String upper = client.next("subscribed", WAIT).path("sub").asText();
      JsonNode result =
          client.next(f -> upper.equals(f.path("sub").asText()) && f.has("seq"), WAIT);
      Schemas.assertValid("server", result.toString());
      assertEquals("result", result.path("op").asText());
      assertEquals("ABC", result.path("data").path("text").asText());
      assertEquals(1, result.path("seq").asLong());

      client.send(
          "{\"op\":\"subscribe\",\"ref\":2,\"topic\":\"count\",\"params\":{\"n\":3,\"interval_ms\":20}}");
      String count = client.next("subscribed", WAIT).path("sub").asText();
      List<String> frames = new ArrayList<>();
      JsonNode frame;
      do {
        frame = client.next(f -> count.equals(f.path("sub").asText()) && f.has("seq"), WAIT);
        Schemas.assertValid("server", frame.toString());
        frames.add(
            frame.path("op").asText()
                + ":"
                + frame.path("seq").asLong()
                + ":"
                + frame.path("data"));
      } while (!frame.path("op").asText().equals("result"));
      assertEquals(
          List.of(
              "progress:1:{\"i\":1}",
              "progress:2:{\"i\":2}",
              "progress:3:{\"i\":3}",
              "result:4:{\"n\":3}"),
          frames);
    }
  }

  /** Runs {@code command} against {@code stack}'s broker, with {@code extra} arguments. */
  static Process startWorker(String name, LocalStack stack, List<String> extra, String... command)
      throws IOException {
    return startWorker(name, stack.broker().endpoint(), extra, command);
  }

  /** Runs {@code command} against {@code brokers} (one endpoint or several, comma-separated). */
  static Process startWorker(String name, String brokers, List<String> extra, String... command)
      throws IOException {
    List<String> argv = new ArrayList<>(List.of(command));
    argv.addAll(List.of("--broker", brokers, "--capacity", "4"));
    argv.addAll(extra);
    Path logs = Files.createDirectories(Path.of("target", "worker-logs"));
    File log = logs.resolve(name + ".log").toFile();
    return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log).start();
  }

  public static void requireRuntime(boolean present, String what) {
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI must provide " + what + " (.ci/run installs it)");
    }
    assumeTrue(present, "skipped: needs " + what);
  }

  public static boolean run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
