package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Job;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.MonitorSnapshot.QueueInfo;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.RedisPerClass;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

class MonitorTest {
  @RegisterExtension static final RedisPerClass redis = RedisPerClass.emptiedBeforeEach();
  static RedisClient raw;

  JobQueue queue;
  Broker broker;
  Monitor monitor;

  @BeforeAll
  static void startRedis() {
    raw = redis.raw();
  }

  @BeforeEach
  void start() {
    queue = JobQueue.redis(redis.uri());
    monitor = Monitor.redis(QueueConfig.builder().redisUri(redis.uri()).build());
    broker =
        Broker.start(
            BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(redis.uri()).build());
  }

  @AfterEach
  void stop() {
    broker.close();
    monitor.close();
    queue.close();
  }

  @Test
  void snapshot_counts_queued_running_and_dead_jobs_per_topic_and_shows_the_worker() {
    queue.enqueue(JobRequest.of("slow", null));
    queue.enqueue(JobRequest.of("slow", null));
    queue.enqueue(JobRequest.of("other", null));
    try (FakeWorker worker = new FakeWorker("w-1", broker.endpoint()).ready(1, "slow")) {
      Job job = worker.nextJob();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                MonitorSnapshot s = monitor.snapshot();
                assertEquals(new QueueInfo("slow", 1, 0, 1, 0), queue(s, "slow"));
                assertEquals(new QueueInfo("other", 1, 0, 0, 0), queue(s, "other"));
                assertEquals(1, s.workers().size());
                assertEquals("w-1", s.workers().get(0).id());
                assertEquals(1, s.workers().get(0).busy());
                assertEquals(1, s.workersBusy());
                assertEquals(3, s.enqueued());
              });
      worker.fail(job.id(), false);
      Job second = worker.nextJob();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                MonitorSnapshot s = monitor.snapshot();
                assertEquals(1, queue(s, "slow").dead());
                assertEquals(job.id(), s.failures().get(0).job());
                assertEquals("dead", s.failures().get(0).state());
              });
      assertTrue(monitor.retryDead(job.id()));
      assertFalse(monitor.retryDead(job.id()), "a job is retried once");
      worker.done(second.id());
      assertEquals(job.id(), worker.nextJob().id(), "the retried job runs again");
    }
  }

  @Test
  void broker_http_serves_metrics_and_health() throws Exception {
    queue.enqueue(JobRequest.of("slow", null));
    try (BrokerHttp http = BrokerHttp.start(broker, monitor, "127.0.0.1", 0)) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + http.port();
      var ready = get(client, base + "/health/ready");
      assertEquals(200, ready.statusCode());
      assertTrue(ready.body().contains("\"status\":\"up\""), ready.body());
      assertEquals(200, get(client, base + "/health/live").statusCode());
      String metrics = get(client, base + "/metrics").body();
      assertTrue(
          metrics.contains("jobwire_queue_jobs{state=\"queued\",topic=\"slow\"} 1"), metrics);
      assertTrue(metrics.contains("jobwire_jobs_succeeded_total"), metrics);
      assertTrue(metrics.contains("jobwire_job_run_seconds_bucket"), metrics);
      assertTrue(metrics.contains("jobwire_broker_workers"), metrics);
      redis.stop();
      try {
        var down = get(client, base + "/health/ready");
        assertEquals(503, down.statusCode());
        assertTrue(down.body().contains("\"redis\":false"), down.body());
      } finally {
        redis.restart();
      }
    }
  }

  static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static QueueInfo queue(MonitorSnapshot snapshot, String topic) {
    return snapshot.queues().stream()
        .filter(q -> q.topic().equals(topic))
        .findFirst()
        .orElseThrow();
  }
}
