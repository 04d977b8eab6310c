package io.jobwire.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.JobState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {

  @Test
  void final_states_have_no_way_out() {
    for (JobState state : JobState.values()) {
      if (state.isFinal()) {
        for (JobEvent event : JobEvent.values()) {
          assertEquals(Optional.empty(), JobLifecycle.next(state, event), state + " on " + event);
        }
      }
    }
  }

  @Test
  void every_unfinished_state_can_be_cancelled() {
    for (JobState state : JobState.values()) {
      if (!state.isFinal()) {
        assertEquals(
            Optional.of(JobState.CANCELLED), JobLifecycle.next(state, JobEvent.CANCELLED), state.wire());
      }
    }
  }

  @Test
  void a_failed_run_retries_through_delayed_and_ends_dead_when_attempts_run_out() {
    assertEquals(Optional.of(JobState.DELAYED), JobLifecycle.next(JobState.RUNNING, JobEvent.FAILED_WILL_RETRY));
    assertEquals(Optional.of(JobState.QUEUED), JobLifecycle.next(JobState.DELAYED, JobEvent.RETRY_DUE));
    assertEquals(Optional.of(JobState.DEAD), JobLifecycle.next(JobState.RUNNING, JobEvent.FAILED_FINALLY));
    assertEquals(Optional.of(JobState.QUEUED), JobLifecycle.next(JobState.RUNNING, JobEvent.LOST));
    assertTrue(JobLifecycle.allows(JobState.QUEUED, JobState.RUNNING));
    assertEquals(Optional.empty(), JobLifecycle.next(JobState.DELAYED, JobEvent.CLAIMED));
  }
}
