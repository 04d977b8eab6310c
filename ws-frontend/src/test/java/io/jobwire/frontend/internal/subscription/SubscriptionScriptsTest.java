package io.jobwire.frontend.internal.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.frontend.ClusterConfig;
import io.jobwire.frontend.internal.cluster.ClusterStore;
import io.jobwire.queue.testing.TestRedis;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The subscription scripts between two front ends, "a" and "b", on one Redis: a write of a
 * subscription taken over is refused and names the new owner, a release leaves it alone, and the
 * one that holds it now writes and releases it.
 */
class SubscriptionScriptsTest {
  static final String P = "jobwire:{main}:";
  static TestRedis redis;
  static RedisClient raw;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    raw = RedisClient.create(URI.create(redis.uri()));
  }

  @AfterAll
  static void stop() {
    raw.close();
    redis.close();
  }

  /** flush.lua's ARGV for one subscription with {@code fields} and no broadcast or forward. */
  static List<String> write(String sub, boolean fresh, String... fields) {
    List<String> args = new ArrayList<>(List.of("1", sub, "60000", fresh ? "1" : "0"));
    args.add(Integer.toString(fields.length / 2));
    args.addAll(List.of(fields));
    args.addAll(List.of("0", "0", "0"));
    return args;
  }

  @Test
  void a_write_of_a_subscription_taken_over_is_refused_and_only_its_new_owner_releases_it() {
    try (var a = new ClusterStore(ClusterConfig.redis(redis.uri()), "fe-a");
        var b = new ClusterStore(ClusterConfig.redis(redis.uri()), "fe-b")) {
      String sub = "s-moved";
      assertEquals(Map.of(), a.flush(write(sub, true, "user", "", "seq", "1", "m:1", "{}")));
      assertTrue(raw.pttl(P + "sub:" + sub) > 0, "its first write sets the expiry");

      var taken = b.takeover(sub, null);
      assertEquals("fe-a", taken.previousOwner());
      assertEquals(List.of("{}"), taken.history());

      assertEquals(Map.of(sub, "fe-b"), a.flush(write(sub, false, "seq", "2", "m:2", "{}")));
      assertEquals(List.of(), a.release(List.of(sub)));
      assertEquals(List.of("1"), raw.hmget(P + "sub:" + sub, "seq"), "a's write was refused");

      assertEquals(Map.of(), b.flush(write(sub, false, "seq", "2", "m:2", "{}")));
      assertEquals(List.of(sub), b.release(List.of(sub)));
      assertEquals(false, raw.exists(P + "sub:" + sub));
      assertEquals(false, raw.hexists(P + "moved:fe-a", sub), "a's note of the move is gone");
    }
  }
}
