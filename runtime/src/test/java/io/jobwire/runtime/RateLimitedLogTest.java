package io.jobwire.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class RateLimitedLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RateLimitedLog log =
      new RateLimitedLog(logger, Level.ERROR, Duration.ofSeconds(10), nanos::get);

  RateLimitedLogTest() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(lines);
  }

  @Test
  void logs_the_first_line_at_once_and_then_one_per_interval_with_the_count_left_out() {
    var failure = new IllegalStateException("boom");
    log.log("step failed: {}", "a", failure);
    log.log("step failed: {}", "b", failure);
    log.log("step failed: {}", "c", failure);
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    log.log("step failed: {}", "d", failure);

    List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(List.of("step failed: a", "step failed: d (2 more since the last line)"), logged);
    assertSame(
        failure,
        ((ch.qos.logback.classic.spi.ThrowableProxy) lines.list.get(1).getThrowableProxy())
            .getThrowable());
    assertEquals(ch.qos.logback.classic.Level.ERROR, lines.list.get(1).getLevel());
  }

  @Test
  void leaves_out_every_line_within_the_interval() {
    log.log("refused {}", 1);
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());
    log.log("refused {}", 2);

    assertEquals(1, lines.list.size());
    assertEquals(1, log.suppressed());
  }
}
