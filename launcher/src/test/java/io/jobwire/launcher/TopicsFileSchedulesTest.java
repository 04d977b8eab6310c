package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.launcher.cli.TopicsFile;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.Schedule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The topics file's {@code "schedules": [...]}: read by the broker, skipped by the front end. */
class TopicsFileSchedulesTest {
  static final String FILE =
      """
      {"report": {"max_attempts": 2},
       "schedules": [
         {"name": "nightly", "topic": "report", "cron": "0 3 * * *", "zone": "Europe/Berlin",
          "misfire": "run_once", "params": {"kind": "full"}},
         {"name": "warm", "topic": "warm", "every": 300000}]}
      """;

  @Test
  void schedules_are_read_with_every_field() throws Exception {
    List<Schedule> schedules = TopicsFile.schedules(Codec.parse(FILE));

    assertEquals(2, schedules.size());
    Schedule nightly = schedules.get(0);
    assertEquals("report", nightly.topic());
    assertEquals("0 3 * * *", nightly.cron());
    assertEquals(ZoneId.of("Europe/Berlin"), nightly.zone());
    assertEquals(Schedule.Misfire.RUN_ONCE, nightly.misfire());
    assertEquals("full", nightly.params().path("kind").asText());
    Schedule warm = schedules.get(1);
    assertEquals(Duration.ofMinutes(5), warm.every());
    assertEquals(Schedule.Misfire.SKIP, warm.misfire());
  }

  @Test
  void the_front_end_sees_the_topics_only() throws Exception {
    assertEquals(List.of("report"), List.copyOf(TopicsFile.parse(Codec.parse(FILE)).keySet()));
  }

  @Test
  void a_bad_schedule_is_refused_with_its_name() {
    var typo =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TopicsFile.schedules(
                    Codec.parse(
                        "{\"schedules\":[{\"name\":\"n\",\"topic\":\"t\",\"crn\":\"* * * * *\"}]}")));
    assertTrue(typo.getMessage().contains("unknown field 'crn'"), typo.getMessage());
    var both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TopicsFile.schedules(
                    Codec.parse(
                        "{\"schedules\":[{\"name\":\"n\",\"topic\":\"t\",\"cron\":\"* * * * *\","
                            + "\"every\":1000}]}")));
    assertTrue(both.getMessage().contains("schedule n: give either cron or every"));
  }
}
