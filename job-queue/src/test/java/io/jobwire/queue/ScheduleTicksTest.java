package io.jobwire.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleTicksTest {
  static final long NOON_UTC = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();

  @Test
  void five_fields_are_minute_first_and_read_in_the_schedules_zone() {
    Schedule berlin = Schedule.cron("n", "t", "0 3 * * *").withZone(ZoneId.of("Europe/Berlin"));
    assertEquals(Instant.parse("2026-03-11T02:00:00Z").toEpochMilli(), berlin.nextAfter(NOON_UTC));
    Schedule utc = Schedule.cron("n", "t", "0 3 * * *");
    assertEquals(Instant.parse("2026-03-11T03:00:00Z").toEpochMilli(), utc.nextAfter(NOON_UTC));
  }

  @Test
  void six_fields_take_seconds_first() {
    Schedule s = Schedule.cron("n", "t", "*/15 * * * * *");
    assertEquals(NOON_UTC + 15_000, s.nextAfter(NOON_UTC));
    assertEquals(NOON_UTC + 15_000, s.nextAfter(NOON_UTC + 14_999));
  }

  @Test
  void intervals_tick_at_whole_multiples_so_every_broker_agrees() {
    Schedule s = Schedule.every("n", "t", Duration.ofMinutes(5));
    assertEquals(NOON_UTC + 300_000, s.nextAfter(NOON_UTC));
    assertEquals(NOON_UTC + 300_000, s.nextAfter(NOON_UTC + 123_456));
  }

  @Test
  void a_schedule_says_its_interval_in_the_units_people_type() {
    assertEquals("every 5m", Schedule.every("a", "t", Duration.ofMinutes(5)).describe());
    assertEquals("every 2h", Schedule.every("a", "t", Duration.ofHours(2)).describe());
    assertEquals("every 90s", Schedule.every("a", "t", Duration.ofSeconds(90)).describe());
    assertEquals("every 250ms", Schedule.every("a", "t", Duration.ofMillis(250)).describe());
  }

  @Test
  void bad_cron_gets_a_clear_error() {
    var e = assertThrows(IllegalArgumentException.class, () -> Schedule.cron("n", "t", "61 * * *"));
    assertTrue(e.getMessage().contains("bad cron"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Schedule.cron("n", "t", "99 * * * *"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Schedule("n", "t", null, "* * * * *", Duration.ofMinutes(1), null, null));
  }
}
