package io.jobwire.queue.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.JobState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {

  /**
   * Every transition there is, written out once more by hand: every state × event pair not listed
   * here must be refused. "state event next" per line.
   */
  static final String EXPECTED =
      """
      queued    CLAIMED           running
      queued    CANCELLED         cancelled
      queued    DEADLINE_PASSED   failed
      queued    DONE              succeeded
      running   DONE              succeeded
      running   FAILED_WILL_RETRY delayed
      running   FAILED_FINALLY    dead
      running   LOST              queued
      running   LOST_FINALLY      dead
      running   CANCELLED         cancelled
      running   TIMED_OUT         failed
      delayed   RETRY_DUE         queued
      delayed   CANCELLED         cancelled
      delayed   DONE              succeeded
      dead      REVIVED           queued
      running   REROUTED          queued
      succeeded RERUN             queued
      failed    RERUN             queued
      dead      RERUN             queued
      """;

  @Test
  void every_state_and_event_pair_leads_where_the_table_says_or_nowhere() {
    Map<String, JobState> expected = new HashMap<>();
    EXPECTED
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .forEach(
            line -> {
              String[] f = line.split("\\s+");
              expected.put(f[0] + " " + f[1], JobState.fromWire(f[2]));
            });
    int checked = 0;
    for (JobState state : JobState.values()) {
      for (JobEvent event : JobEvent.values()) {
        String pair = state.wire() + " " + event.name();
        assertEquals(
            Optional.ofNullable(expected.get(pair)), JobLifecycle.next(state, event), pair);
        checked++;
      }
    }
    assertEquals(JobState.values().length * JobEvent.values().length, checked);
  }

  @Test
  void final_states_have_no_way_out_but_reviving_a_dead_letter_or_a_rerun_for_a_new_front_end() {
    for (JobState state : JobState.values()) {
      if (state.isFinal()) {
        for (JobEvent event : JobEvent.values()) {
          Optional<JobState> next = JobLifecycle.next(state, event);
          boolean revive =
              (state == JobState.DEAD && event == JobEvent.REVIVED)
                  || (event == JobEvent.RERUN && state != JobState.CANCELLED);
          assertEquals(revive, next.isPresent(), state + " on " + event);
        }
      }
    }
  }

  @Test
  void every_unfinished_state_can_be_cancelled() {
    for (JobState state : JobState.values()) {
      if (!state.isFinal()) {
        assertEquals(
            Optional.of(JobState.CANCELLED),
            JobLifecycle.next(state, JobEvent.CANCELLED),
            state.wire());
      }
    }
  }

  @Test
  void every_state_is_reachable_from_queued() {
    var reached = new java.util.HashSet<JobState>();
    var todo = new java.util.ArrayDeque<JobState>();
    todo.add(JobState.QUEUED);
    while (!todo.isEmpty()) {
      JobState state = todo.poll();
      if (reached.add(state)) {
        for (JobEvent event : JobEvent.values()) {
          JobLifecycle.next(state, event).ifPresent(todo::add);
        }
      }
    }
    assertEquals(java.util.EnumSet.allOf(JobState.class), reached);
    assertTrue(JobLifecycle.allows(JobState.QUEUED, JobState.RUNNING));
  }
}
