package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.BatchReceipt;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.BatchStatus;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Batches through the runnable jar's processes: two brokers (one killed mid-batch), a workers
 * process connected to both, a front end and a WebSocket client, one Redis.
 */
class BatchIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final int JOBS = 1000;
  static final String P = "jobwire:{main}:";

  private final JarProcesses parts = new JarProcesses();
  private TestRedis redis;
  private RedisClient raw;
  private JobQueue queue;
  private Process dying;
  private int httpPort;

  @BeforeEach
  void start() throws Exception {
    redis = TestRedis.start();
    raw = RedisClient.create(URI.create(redis.uri()));
    queue = JobQueue.redis(redis.uri());
    String first = "tcp://127.0.0.1:" + TestPorts.free();
    String second = "tcp://127.0.0.1:" + TestPorts.free();
    httpPort = TestPorts.free();
    dying = broker("batch-broker-1", first);
    broker("batch-broker-2", second);
    List<String> frontend = List.of("frontend", "--redis", redis.uri(), "--auth", "none", "--port");
    parts.start(
        "batch-frontend",
        Stream.concat(
                frontend.stream(),
                Stream.of(
                    String.valueOf(httpPort),
                    "--ingress",
                    "tcp://127.0.0.1:" + TestPorts.free(),
                    "--topics",
                    "ping,upper,fail"))
            .toArray(String[]::new));
    parts.start("batch-workers", "workers", "--broker", first + "," + second, "--capacity", "16");
    await().atMost(WAIT).until(() -> JarProcesses.accepts(httpPort));
  }

  private Process broker(String name, String bind) throws IOException {
    return parts.start(
        name,
        "broker",
        "--redis",
        redis.uri(),
        "--bind",
        bind,
        "--http-port",
        String.valueOf(TestPorts.free()));
  }

  @AfterEach
  void stop() throws InterruptedException {
    parts.close();
    queue.close();
    raw.close();
    redis.close();
  }

  @Test
  void
      a_1000_job_batch_with_a_failing_job_reports_it_and_runs_its_callback_once_though_a_broker_dies()
          throws Exception {
    var batch = BatchRequest.builder();
    for (int i = 0; i < JOBS; i++) {
      JsonNode params =
          i == 500
              ? Codec.parse("{\"retry\":false}")
              : Codec.parse("{\"count\":1,\"interval_ms\":5}");
      batch.add(JobRequest.of(i == 500 ? "fail" : "ping", params));
    }
    BatchReceipt receipt =
        queue.enqueueBatch(
            batch.callback(JobRequest.of("upper", Codec.parse("{\"text\":\"report\"}"))).build());

    await().atMost(WAIT).until(() -> status(receipt).finished() >= JOBS / 3);
    dying.destroyForcibly(); // kill -9, mid-batch
    dying.waitFor(15, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> "succeeded".equals(status(receipt).callbackState()));
    BatchStatus done = status(receipt);
    assertEquals(JOBS, done.total());
    assertEquals(JOBS - 1, done.succeeded());
    assertEquals(1, done.failed());
    var callback = queue.status(receipt.callback()).orElseThrow();
    assertEquals(JobState.SUCCEEDED, callback.state());
    assertEquals(1, callback.attempts(), "the callback ran once");
    assertEquals(1, recordsOfTopic("upper"), "one callback job in Redis, no second one");
    JsonNode failed =
        Codec.parse(
            raw.hget(P + "batch:" + receipt.batch() + ":children", receipt.jobs().get(500)));
    assertEquals("requested", failed.path("e").asText());
  }

  @Test
  void a_job_starts_after_its_dependency_and_is_failed_with_a_failed_one() throws Exception {
    BatchReceipt receipt =
        queue.enqueueBatch(
            BatchRequest.builder()
                .add(JobRequest.of("upper", Codec.parse("{\"text\":\"a\"}")))
                .add(JobRequest.of("upper", Codec.parse("{\"text\":\"b\"}")), 0)
                .add(JobRequest.of("fail", Codec.parse("{\"retry\":false}")))
                .add(JobRequest.of("upper", Codec.parse("{\"text\":\"d\"}")), 1, 2)
                .build());

    await().atMost(WAIT).until(() -> status(receipt).complete());
    var first = queue.status(receipt.jobs().get(0)).orElseThrow();
    var second = queue.status(receipt.jobs().get(1)).orElseThrow();
    assertEquals(JobState.SUCCEEDED, second.state());
    assertTrue(second.createdAt() >= first.updatedAt(), "b was queued once a had succeeded");
    assertTrue(queue.status(receipt.jobs().get(3)).isEmpty(), "d never became a job");
    assertEquals(2, status(receipt).succeeded());
    assertEquals(2, status(receipt).failed());
  }

  @Test
  void one_client_subscription_shows_a_1000_job_batch_live() throws Exception {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < JOBS; i++) {
      items.append(i == 0 ? "" : ",").append("{\"count\":0}");
    }
    try (var client = WsClient.connect("ws://127.0.0.1:" + httpPort + "/ws")) {
      client.next("welcome", WAIT);
      client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"batch\":[" + items + "]}");
      String batch = client.next("subscribed", WAIT).path("job").asText();

      Set<String> results = new HashSet<>();
      int lastDone = 0;
      long seq = 0;
      JsonNode frame;
      do {
        frame = client.next(WAIT);
        assertEquals(++seq, frame.path("seq").asLong(), frame::toString);
        boolean aboutBatch = batch.equals(frame.path("job").asText());
        if (aboutBatch && "progress".equals(frame.path("op").asText())) {
          int done = frame.path("data").path("done").asInt();
          assertTrue(done > lastDone, "the bar only moves forward: " + frame);
          lastDone = done;
        } else if (!aboutBatch && "result".equals(frame.path("op").asText())) {
          results.add(frame.path("job").asText());
        }
      } while (!(batch.equals(frame.path("job").asText())
          && "result".equals(frame.path("op").asText())));

      assertEquals(JOBS, results.size(), "each job's own result");
      assertEquals(JOBS, frame.path("data").path("done").asInt());
      assertEquals(0, frame.path("data").path("failed").asInt());
    }
  }

  private BatchStatus status(BatchReceipt receipt) {
    return queue.batch(receipt.batch()).orElseThrow();
  }

  private long recordsOfTopic(String topic) {
    long found = 0;
    for (String key : raw.keys("jobwire:{main#*}:job:*")) {
      String record = raw.type(key).equals("string") ? raw.get(key) : raw.hget(key, "topic");
      if (record != null && (record.contains("\"t\":\"" + topic + "\"") || record.equals(topic))) {
        found++;
      }
    }
    return found;
  }
}
