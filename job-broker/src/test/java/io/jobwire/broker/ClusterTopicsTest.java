package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.BatchReceipt;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.DeadLetters;
import io.jobwire.queue.FlowControl;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.JobPriority;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.LayoutUpgrade;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.RedisConnections;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.Schedules;
import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.testing.TestClock;
import io.jobwire.queue.testing.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * One namespace on a real three-master Redis Cluster: its topics' keys spread over the masters (a
 * hash tag per topic, see {@code RedisKeys}), and every feature of the queue works there.
 */
class ClusterTopicsTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  static TestCluster cluster;

  @BeforeAll
  static void start() {
    assumeTrue(TestCluster.available() || System.getenv("CI") != null, "no redis-server");
    cluster = TestCluster.start();
    cluster.awaitOk(WAIT);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void jobs_of_different_topics_land_on_different_masters() {
    var clock = TestClock.standingStill();
    try (var stack = new Stack(clock, "spread")) {
      Set<Integer> masters = new HashSet<>();
      for (int t = 0; t < 8; t++) {
        String topic = "spread-" + t;
        String id = stack.queue.enqueue(JobRequest.of(topic, null));
        String job = stack.keys.job(id);
        int master = ClusterTest.nodeOfSlot(JedisClusterCRC16.getSlot(job));
        try (var node = node(master)) {
          assertTrue(node.exists(job), id + " not on master " + master);
          assertNotNull(node.zscore(stack.keys.topic(RedisKeys.tagOf(id)).queue(), id));
        }
        masters.add(master);
      }
      assertEquals(Set.of(0, 1, 2), masters, "eight topics over three masters");
      assertEquals(8, stack.monitor.snapshot().queues().size());
      assertEquals(8, stack.monitor.snapshot().enqueued());
    }
  }

  @Test
  void claim_priorities_unique_jobs_and_status_work_on_a_cluster() {
    var clock = TestClock.standingStill();
    try (var stack = new Stack(clock, "a", "b")) {
      String low = stack.queue.enqueue(JobRequest.of("a", null).withPriority(JobPriority.LOW));
      String high = stack.queue.enqueue(JobRequest.of("a", null).withPriority(JobPriority.HIGH));
      String unique = stack.queue.enqueue(JobRequest.of("b", null).withUnique("k"));
      assertEquals(unique, stack.queue.enqueue(JobRequest.of("b", null).withUnique("k")));
      stack.worker.ready(3, "a", "b");
      List<String> order = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Job job = stack.worker.nextJob(WAIT);
        order.add(job.id());
        stack.worker.heartbeat(job.id()).done(job.id());
      }
      assertTrue(order.indexOf(high) < order.indexOf(low), "high before low: " + order);
      for (String id : List.of(low, high, unique)) {
        await().atMost(WAIT).until(() -> stack.state(id) == JobState.SUCCEEDED);
      }
      assertTrue(!unique.equals(stack.queue.enqueue(JobRequest.of("b", null).withUnique("k"))));
    }
  }

  @Test
  void enqueues_hand_jobs_to_the_standing_broker_on_every_master() {
    var clock = TestClock.standingStill();
    List<String> topics = List.of("h0", "h1", "h2", "h3", "h4", "h5");
    // no periodic claim or timed work during the test: every script call is the test's doing
    try (var stack = new Stack(clock, Duration.ofSeconds(30), "handoff", topics)) {
      stack.worker.ready(1, topics.toArray(String[]::new));
      Set<Integer> masters = new HashSet<>();
      for (String topic : topics) {
        // the first job makes the topic's tag; the claim after it leaves the broker standing by
        String first = stack.queue.enqueue(JobRequest.of(topic, null));
        assertEquals(first, stack.worker.nextJob(WAIT).id());
        stack.worker.heartbeat(first).done(first);
        String standby = stack.keys.topic(RedisKeys.tagOf(first)).standby();
        int master = ClusterTest.nodeOfSlot(JedisClusterCRC16.getSlot(standby));
        masters.add(master);
        await().atMost(WAIT).until(() -> tokens(standby) == 1);
        long before = scriptCalls(master);

        String id = stack.queue.enqueue(JobRequest.of(topic, null));

        assertEquals(id, stack.worker.nextJob(WAIT).id());
        assertEquals(before + 1, scriptCalls(master), topic + ": the enqueue only, no claim");
        stack.worker.heartbeat(id).done(id);
        await().atMost(WAIT).until(() -> stack.state(id) == JobState.SUCCEEDED);
      }
      assertEquals(Set.of(0, 1, 2), masters, "six topics over three masters");
    }
  }

  /** Script calls a master has run (EVAL and EVALSHA, INFO commandstats). */
  private static long scriptCalls(int master) {
    long calls = 0;
    try (var node = node(master)) {
      for (String line : node.info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
          calls += Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
        }
      }
    }
    return calls;
  }

  /** How many brokers stand by in a standby hash, asked of the master holding it. */
  private static long tokens(String standby) {
    try (var master = node(ClusterTest.nodeOfSlot(JedisClusterCRC16.getSlot(standby)))) {
      return master.hlen(standby);
    }
  }

  @Test
  void leases_retries_dead_letters_delayed_jobs_and_cancel_work_on_a_cluster() {
    var clock = TestClock.standingStill();
    try (var stack = new Stack(clock, "c", "d")) {
      // a lease that lapses: the job comes back
      String leased = stack.queue.enqueue(JobRequest.of("c", null).withMaxAttempts(3));
      stack.worker.ready(1, "c", "d");
      assertEquals(leased, stack.worker.nextJob(WAIT).id());
      clock.advance(Duration.ofMinutes(1));
      stack.broker.runDueWork();
      Job again = stack.worker.nextJob(WAIT);
      assertEquals(leased, again.id());
      assertEquals(2, again.attempt());
      // a retry: delayed, then due
      stack.worker.fail(leased, true);
      await().atMost(WAIT).until(() -> stack.state(leased) == JobState.DELAYED);
      clock.advance(Duration.ofMinutes(10));
      stack.broker.runDueWork();
      Job third = stack.worker.nextJob(WAIT);
      assertEquals(3, third.attempt());
      // out of attempts: a dead letter, retried from there
      stack.worker.fail(leased, true);
      await().atMost(WAIT).until(() -> stack.state(leased) == JobState.DEAD);
      assertEquals(leased, stack.dead.list(10).getFirst().job());
      assertEquals(1, stack.dead.count());
      assertTrue(stack.dead.retry(leased));
      Job retried = stack.worker.nextJob(WAIT);
      stack.worker.heartbeat(retried.id()).done(retried.id());
      await().atMost(WAIT).until(() -> stack.state(leased) == JobState.SUCCEEDED);
      // a job for later, on another topic
      String later =
          stack.queue.enqueue(JobRequest.of("d", null).withRunAt(clock.millis() + 60_000));
      assertEquals(JobState.DELAYED, stack.state(later));
      clock.advance(Duration.ofMinutes(2));
      stack.broker.runDueWork();
      Job due = stack.worker.nextJob(WAIT);
      assertEquals(later, due.id());
      // cancel while it runs
      stack.queue.cancel(later);
      assertEquals("cancel", stack.worker.next(WAIT).path("type").asText());
      stack.worker.heartbeat();
      await().atMost(WAIT).until(() -> stack.state(later) == JobState.CANCELLED);
    }
  }

  @Test
  void a_finished_job_runs_again_for_the_front_end_that_resumed_its_subscription() {
    var clock = TestClock.standingStill();
    try (var stack = new Stack(clock, "e")) {
      var route = Codec.mapper().createObjectNode().put("sub", "s-1");
      String id =
          stack.queue.enqueue(
              JobRequest.of("e", Codec.mapper().createObjectNode().put("n", 1))
                  .withReply("tcp://old", route));
      stack.worker.ready(1, "e");
      Job job = stack.worker.nextJob(WAIT);
      stack.worker.heartbeat(job.id()).done(job.id());
      await().atMost(WAIT).until(() -> stack.state(id) == JobState.SUCCEEDED);
      // the subscription's state lives in the namespace's slot, the job in its topic's
      try (var raw = RedisConnections.client(cluster.uri())) {
        raw.hset(
            stack.keys.subscription("s-1"), java.util.Map.of("job", id, "params", "{\"n\":1}"));
      }
      assertEquals(JobQueue.Reroute.RERUN, stack.queue.reroute(id, "tcp://new", route));
      Job rerun = stack.worker.nextJob(WAIT);
      assertEquals(id, rerun.id());
      assertEquals("tcp://new", rerun.replyTo());
    }
  }

  @Test
  void jobs_of_the_layout_before_tags_move_to_their_topics_slots_on_a_cluster() {
    var clock = TestClock.standingStill();
    String namespace = "ns-old";
    String old = "jobwire:{" + namespace + "}:";
    QueueConfig config =
        QueueConfig.builder().redisUri(cluster.uri()).namespace(namespace).clock(clock).build();
    try (var raw = RedisConnections.client(cluster.uri())) {
      for (String topic : List.of("x", "y")) {
        String id = "j-" + topic;
        raw.hset(
            old + "job:" + id,
            java.util.Map.of(
                "topic",
                topic,
                "params",
                "{}",
                "state",
                "queued",
                "max_attempts",
                "3",
                "score",
                "1024",
                "created",
                "1"));
        raw.zadd(old + "queue:" + topic, 1024, id);
        raw.sadd(old + "topics", topic);
      }
      assertEquals(2, LayoutUpgrade.run(config, false, line -> {}).jobs());
      assertEquals(false, raw.exists(old + "job:j-x"));
    }
    try (var queue = JobQueue.redis(config);
        var broker =
            Broker.start(
                BrokerConfig.builder()
                    .bind("tcp://127.0.0.1:*")
                    .redisUri(cluster.uri())
                    .namespace(namespace)
                    .clock(clock)
                    .build());
        var worker = new FakeWorker("w-old", broker.endpoint()).ready(2, "x", "y")) {
      Set<String> ran = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        Job job = worker.nextJob(WAIT);
        ran.add(job.id());
        worker.heartbeat(job.id()).done(job.id());
      }
      assertEquals(Set.of("j-x", "j-y"), ran);
      for (String id : ran) {
        await()
            .atMost(WAIT)
            .until(() -> queue.status(id).map(JobStatus::state).orElse(null) == JobState.SUCCEEDED);
      }
    }
  }

  @Test
  void pause_flow_limits_schedules_batches_and_cancel_notices_work_on_a_cluster() {
    var clock = TestClock.standingStill();
    try (var stack = new Stack(clock, "features", "p", "q", "r", "s");
        var flow = FlowControl.redis(stack.config);
        var schedules = Schedules.redis(stack.config);
        var raw = RedisConnections.client(cluster.uri())) {
      stack.worker.ready(4, "p", "q", "r", "s");
      // paused: its job waits until it is resumed
      assertTrue(stack.queue.pause("p"));
      String held = stack.queue.enqueue(JobRequest.of("p", null));
      assertEquals(List.of("p"), List.copyOf(stack.queue.paused()));
      assertTrue(stack.queue.resume("p"));
      Job resumed = stack.worker.nextJob(WAIT);
      assertEquals(held, resumed.id());
      stack.worker.heartbeat(resumed.id()).done(resumed.id());
      // a flow limit: one job of q at a time, in q's slot
      flow.set("q", FlowLimits.NONE.withMaxRunning(1));
      String q1 = stack.queue.enqueue(JobRequest.of("q", null));
      String q2 = stack.queue.enqueue(JobRequest.of("q", null));
      Job first = stack.worker.nextJob(WAIT);
      assertEquals(q1, first.id());
      assertEquals(1, stack.monitor.snapshot().limits().getFirst().running());
      stack.worker.heartbeat(first.id()).done(first.id());
      Job second = stack.worker.nextJob(WAIT);
      assertEquals(q2, second.id());
      stack.worker.heartbeat(second.id()).done(second.id());
      // a schedule: its guard in r's slot, its index in the namespace's
      schedules.put(Schedule.every("every-minute", "r", Duration.ofMinutes(1)));
      String now = schedules.runNow("every-minute").orElseThrow();
      Job ranNow = stack.worker.nextJob(WAIT);
      assertEquals(now, ranNow.id());
      stack.worker.heartbeat(ranNow.id()).done(ranNow.id());
      await().atMost(WAIT).until(() -> stack.state(now) == JobState.SUCCEEDED);
      clock.advance(Duration.ofMinutes(1)); // the tick is due
      stack.broker.runDueWork();
      Job tick = stack.worker.nextJob(WAIT);
      assertEquals("r", tick.topic());
      stack.worker.heartbeat(tick.id()).done(tick.id());
      assertEquals(2, schedules.get("every-minute").orElseThrow().runs(), "run-now and one tick");
      // a batch over two topics, its callback on a third: ids carry their topics' tags
      BatchReceipt receipt =
          stack.queue.enqueueBatch(
              BatchRequest.builder()
                  .add(JobRequest.of("q", null))
                  .add(JobRequest.of("s", null))
                  .callback(JobRequest.of("p", null))
                  .build());
      Set<String> batchRan = new HashSet<>();
      while (batchRan.size() < 3) {
        Job job = stack.worker.nextJob(WAIT);
        batchRan.add(job.id());
        stack.worker.heartbeat(job.id()).done(job.id());
      }
      assertTrue(batchRan.contains(receipt.callback()), batchRan + " " + receipt);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  "succeeded"
                      .equals(stack.queue.batch(receipt.batch()).orElseThrow().callbackState()));
      // a queued job cancelled with its subscribers told: its notice in its topic's list, popped
      assertTrue(stack.queue.pause("s"));
      String cancelled =
          stack.queue.enqueue(
              JobRequest.of("s", null)
                  .withReply(
                      "tcp://127.0.0.1:9", Codec.mapper().createObjectNode().put("sub", "x")));
      assertTrue(stack.queue.cancel(cancelled, true));
      String notices = stack.keys.topic(RedisKeys.tagOf(cancelled)).notices();
      await().atMost(WAIT).until(() -> raw.llen(notices) == 0);
      assertEquals(JobState.CANCELLED, stack.state(cancelled));
    }
  }

  private static Jedis node(int index) {
    return new Jedis(new HostAndPort("127.0.0.1", cluster.ports().get(index)));
  }

  /** A queue, monitor, dead letters and broker on the cluster, and a worker not yet ready. */
  static final class Stack implements AutoCloseable {
    final JobQueue queue;
    final Monitor monitor;
    final DeadLetters dead;
    final Broker broker;
    final FakeWorker worker;
    final RedisKeys keys;
    final QueueConfig config;

    Stack(TestClock clock, String namespaceHint, String... topics) {
      this(clock, BrokerConfig.DEFAULT_POLL_INTERVAL, namespaceHint, List.of(topics));
    }

    Stack(TestClock clock, Duration pollInterval, String namespaceHint, List<String> topics) {
      String namespace = "ns-" + namespaceHint + "-" + String.join("", topics);
      keys = new RedisKeys(namespace);
      config =
          QueueConfig.builder().redisUri(cluster.uri()).namespace(namespace).clock(clock).build();
      queue = JobQueue.redis(config);
      monitor = Monitor.redis(config);
      dead = DeadLetters.redis(config);
      broker =
          Broker.start(
              BrokerConfig.builder()
                  .bind("tcp://127.0.0.1:*")
                  .redisUri(cluster.uri())
                  .namespace(namespace)
                  .retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2))
                  .workerTimeout(Duration.ofHours(1)) // the clock jumps past leases, not workers
                  .pollInterval(pollInterval)
                  .clock(clock)
                  .build());
      worker = new FakeWorker("w", broker.endpoint());
    }

    JobState state(String id) {
      return queue.status(id).map(JobStatus::state).orElse(null);
    }

    @Override
    public void close() {
      worker.close();
      broker.close();
      dead.close();
      monitor.close();
      queue.close();
    }
  }
}
