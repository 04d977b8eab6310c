package io.jobwire.broker.internal.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  final Backoff ceilings =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), bound -> bound);

  @Test
  void ceiling_doubles_per_attempt_up_to_the_cap() {
    assertEquals(1_000, ceilings.delayMillis(1));
    assertEquals(2_000, ceilings.delayMillis(2));
    assertEquals(32_000, ceilings.delayMillis(6));
    assertEquals(60_000, ceilings.delayMillis(7));
    assertEquals(60_000, ceilings.delayMillis(500));
  }

  @Test
  void delay_is_jittered_between_zero_and_the_ceiling() {
    var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    long smallest = Long.MAX_VALUE;
    long largest = 0;
    for (int i = 0; i < 1000; i++) {
      long delay = backoff.delayMillis(3);
      smallest = Math.min(smallest, delay);
      largest = Math.max(largest, delay);
    }
    assertTrue(smallest >= 0 && smallest < 1_000, "some retries come early: " + smallest);
    assertTrue(largest <= 4_000 && largest > 3_000, "none later than the ceiling: " + largest);
  }
}
