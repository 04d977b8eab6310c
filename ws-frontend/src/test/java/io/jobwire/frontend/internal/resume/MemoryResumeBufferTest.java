package io.jobwire.frontend.internal.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.IntNode;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.protocol.ServerMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryResumeBufferTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private static ServerMessage.Delivery event(long seq) {
    return new ServerMessage.Event("s-1", seq, IntNode.valueOf((int) seq));
  }

  private static List<Long> seqs(ResumeBuffer.Replay replay) {
    return replay.messages().stream().map(ServerMessage.Delivery::seq).toList();
  }

  @Test
  void replays_what_came_after_without_a_gap_when_all_is_kept() {
    var buffer = new MemoryResumeBuffer(new ResumeWindow(10, Duration.ofMinutes(1)), clock);
    for (long i = 1; i <= 5; i++) {
      buffer.add(event(i));
    }
    var replay = buffer.since(3);
    assertFalse(replay.hasGap());
    assertEquals(List.of(4L, 5L), seqs(replay));
    assertEquals(List.of(), seqs(buffer.since(5)));
  }

  @Test
  void reports_a_gap_for_what_the_count_limit_dropped() {
    var buffer = new MemoryResumeBuffer(new ResumeWindow(2, Duration.ofMinutes(1)), clock);
    for (long i = 1; i <= 5; i++) {
      buffer.add(event(i));
    }
    var replay = buffer.since(1);
    assertEquals(2, replay.gapFrom());
    assertEquals(3, replay.gapTo());
    assertEquals(List.of(4L, 5L), seqs(replay));
  }

  @Test
  void reports_everything_as_a_gap_once_the_time_limit_passed() {
    var buffer = new MemoryResumeBuffer(new ResumeWindow(10, Duration.ofSeconds(30)), clock);
    buffer.add(event(1));
    buffer.add(event(2));
    now = now.plusSeconds(31);
    var replay = buffer.since(0);
    assertEquals(1, replay.gapFrom());
    assertEquals(2, replay.gapTo());
    assertEquals(List.of(), seqs(replay));
  }
}
