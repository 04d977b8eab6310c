package io.jobwire.broker.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.testing.RedisPerClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** The broker's claim: acks in the same round trip, enqueue times in the same script call. */
class BrokerStoreTest {
  @RegisterExtension static final RedisPerClass redis = RedisPerClass.shared();
  static JobQueue queue;
  static RedisClient raw;
  static BrokerStore store;
  static BrokerConfig config;

  @BeforeAll
  static void start() {
    queue = JobQueue.redis(redis.uri());
    raw = redis.raw();
    config = BrokerConfig.builder().redisUri(redis.uri()).build();
    store = new BrokerStore(new RedisGateway(config.queueConfig()), config);
  }

  @AfterAll
  static void stop() {
    store.close();
    queue.close();
  }

  private static List<String> enqueue(String topic, int count) throws Exception {
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(JobRequest.of(topic, Codec.mapper().readTree("{\"n\":" + i + "}")));
    }
    return queue.enqueue(requests);
  }

  private static String state(String job) {
    return queue.status(job).map(s -> s.state().wire()).orElse(null);
  }

  /**
   * Leaves broker b-1 standing by for {@code topic} with one slot of w-1, then enqueues a job that
   * is handed to that slot and one that finds no slot left; returns the two ids.
   */
  private static List<String> handOneAndQueueOne(BrokerStore handing, String topic)
      throws Exception {
    long now = System.currentTimeMillis();
    String first = enqueue(topic, 1).getFirst(); // the topic's tag
    assertEquals(1, handing.claim(topic, List.of("w-0"), new ArrayList<>(), now).jobs().size());
    Claim dry = handing.claim(topic, List.of("w-1"), false, true, Map.of(), new ArrayList<>(), now);
    assertTrue(dry.standing());
    String handed = enqueue(topic, 1).getFirst();
    String queued = enqueue(topic, 1).getFirst();
    assertEquals("running", state(handed), "leased by the enqueue");
    assertEquals("queued", state(queued), "no slot left in the token");
    assertEquals("running", state(first));
    return List.of(handed, queued);
  }

  @Test
  void a_claim_leaves_out_the_slot_of_a_handed_job_that_has_not_arrived() throws Exception {
    try (var handing = new BrokerStore(new RedisGateway(config.queueConfig()), config, "b-1")) {
      String queued = handOneAndQueueOne(handing, "in-flight").get(1);

      Claim claim =
          handing.claim(
              "in-flight",
              List.of("w-1"),
              true,
              true,
              Map.of(),
              new ArrayList<>(),
              System.currentTimeMillis());

      assertEquals(0, claim.asked(), "w-1's slot holds the handed job");
      assertEquals(List.of(), claim.jobs());
      assertEquals("queued", state(queued));
    }
  }

  @Test
  void a_claim_uses_the_slot_of_a_handed_job_that_arrived() throws Exception {
    try (var handing = new BrokerStore(new RedisGateway(config.queueConfig()), config, "b-1")) {
      String queued = handOneAndQueueOne(handing, "arrived").get(1);

      Claim claim =
          handing.claim(
              "arrived",
              List.of("w-1"),
              true,
              true,
              Map.of("w-1", 1),
              new ArrayList<>(),
              System.currentTimeMillis());

      assertEquals(List.of(queued), claim.jobs().stream().map(Job::id).toList());
      assertEquals(List.of("w-1"), claim.workers());
    }
  }

  @Test
  void claim_returns_each_leased_jobs_enqueue_time() throws Exception {
    long before = System.currentTimeMillis();
    List<String> ids = enqueue("times", 3);

    Claim claim = store.claim("times", List.of("w-1", "w-1", "w-1"), new ArrayList<>(), before);

    assertEquals(ids, claim.jobs().stream().map(Job::id).toList());
    assertEquals(3, claim.created().size());
    for (String created : claim.created()) {
      long at = Long.parseLong(created);
      assertTrue(at >= before && at <= System.currentTimeMillis(), created);
    }
  }

  @Test
  void claim_writes_pending_acks_in_the_same_round_trip_and_empties_them() throws Exception {
    List<String> first = enqueue("acked", 2);
    Claim running = store.claim("acked", List.of("w-1", "w-1"), new ArrayList<>(), 1);
    assertEquals(first, running.jobs().stream().map(Job::id).toList());
    List<String> second = enqueue("acked", 1);
    List<String> acks = new ArrayList<>(List.of("w-1", first.get(0), "w-1", first.get(1)));

    Claim next = store.claim("acked", List.of("w-1", "w-1"), acks, 2);

    assertTrue(acks.isEmpty(), "acks written are taken off the list");
    first.forEach(id -> assertEquals("succeeded", state(id), id));
    assertEquals(second, next.jobs().stream().map(Job::id).toList());
    assertEquals("running", state(second.get(0)));
  }

  @Test
  void claim_with_acks_runs_the_scripts_again_after_redis_forgot_them() throws Exception {
    List<String> done = enqueue("flushed", 1);
    store.claim("flushed", List.of("w-1"), new ArrayList<>(), 1);
    List<String> waiting = enqueue("flushed", 1);
    raw.scriptFlush();
    List<String> acks = new ArrayList<>(List.of("w-1", done.get(0)));

    Claim claim = store.claim("flushed", List.of("w-1"), acks, 2);

    assertTrue(acks.isEmpty());
    assertEquals("succeeded", state(done.get(0)));
    assertEquals(waiting, claim.jobs().stream().map(Job::id).toList());
    assertEquals(1, claim.created().size());
  }
}
