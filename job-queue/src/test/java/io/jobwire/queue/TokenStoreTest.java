package io.jobwire.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.testing.RedisPerClass;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenStoreTest {
  @RegisterExtension static final RedisPerClass redis = RedisPerClass.shared();
  static TokenStore tokens;

  @BeforeAll
  static void start() {
    tokens = TokenStore.redis(redis.uri());
  }

  @AfterAll
  static void stop() {
    tokens.close();
  }

  @Test
  void a_token_yields_its_user_once() {
    String token = tokens.issue("alice", Duration.ofMinutes(1));
    assertEquals(Optional.of("alice"), tokens.consume(token));
    assertEquals(Optional.empty(), tokens.consume(token));
  }

  @Test
  void tokens_are_random_and_at_least_128_bits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String token = tokens.issue("bob", Duration.ofMinutes(1));
      assertTrue(token.matches("[A-Za-z0-9_-]{22,}"), token);
      assertTrue(seen.add(token));
    }
  }

  @Test
  void concurrent_consumers_of_one_token_get_it_at_most_once() {
    String token = tokens.issue("carol", Duration.ofMinutes(1));
    var winners = new ConcurrentLinkedQueue<String>();
    IntStream.range(0, 8).parallel().forEach(i -> tokens.consume(token).ifPresent(winners::add));
    assertEquals(java.util.List.of("carol"), java.util.List.copyOf(winners));
  }

  @Test
  void an_expired_or_unknown_token_yields_nothing() {
    String token = tokens.issue("dave", Duration.ofMillis(1));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> tokens.consume(token).isEmpty());
    assertEquals(Optional.empty(), tokens.consume("no-such-token"));
    assertEquals(Optional.empty(), tokens.consume(""));
  }
}
