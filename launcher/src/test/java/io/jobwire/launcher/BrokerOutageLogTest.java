package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The broker's log tells a Redis outage once and the recovery once, without flapping. */
class BrokerOutageLogTest {

  @Test
  void a_broker_without_redis_pauses_once_and_resumes_only_when_redis_answers() {
    var loopLog = (Logger) LoggerFactory.getLogger("io.jobwire.broker.internal.loop.BrokerLoop");
    var logged = new ListAppender<ILoggingEvent>();
    logged.start();
    loopLog.addAppender(logged);
    Level level = loopLog.getLevel();
    loopLog.setLevel(Level.INFO); // the tests log WARN and up; "resumes" is INFO
    try (var redis = TestRedis.start()) {
      redis.stop();
      try (Broker broker =
          Broker.start(
              BrokerConfig.builder().bind("tcp://127.0.0.1:*").redisUri(redis.uri()).build())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> count(logged, "broker paused") == 1);
        // the loop keeps stepping (heartbeats, due work) while Redis stays down: no "resumes"
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(5))
            .until(() -> count(logged, "resumes") == 0 && count(logged, "broker paused") == 1);

        redis.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> count(logged, "resumes") == 1);
        assertEquals(1, count(logged, "broker paused"));
      }
    } finally {
      loopLog.detachAppender(logged);
      loopLog.setLevel(level);
    }
  }

  private static long count(ListAppender<ILoggingEvent> logged, String text) {
    synchronized (logged.list) {
      return logged.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }
  }
}
