package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.launcher.cli.ReadyLine;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadyLineTest {

  @Test
  void says_ready_at_once_when_redis_answers() {
    var ready = new AtomicInteger();
    try (var redis = TestRedis.start();
        var line = ReadyLine.announce("test", redis.uri(), ready::incrementAndGet)) {
      assertEquals(1, ready.get());
    }
  }

  @Test
  void says_ready_only_once_redis_starts_answering() {
    var ready = new AtomicInteger();
    try (var redis = TestRedis.start()) {
      redis.stop();
      assertFalse(ReadyLine.answers(redis.uri()));
      try (var line = ReadyLine.announce("test", redis.uri(), ready::incrementAndGet)) {
        assertEquals(0, ready.get(), "no ready line while Redis is down");
        redis.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> ready.get() == 1);
        assertTrue(ReadyLine.answers(redis.uri()));
      }
    }
  }
}
