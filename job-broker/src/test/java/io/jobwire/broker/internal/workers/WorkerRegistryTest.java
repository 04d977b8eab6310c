package io.jobwire.broker.internal.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jobwire.protocol.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerRegistryTest {
  private final WorkerRegistry registry = new WorkerRegistry();
  private final WorkerEntry first = worker("p1", 1);
  private final WorkerEntry second = worker("p2", 2);

  @Test
  void a_job_handed_out_again_leaves_the_slot_of_the_worker_it_had_before() {
    registry.register(first);
    registry.register(second);
    Job job = new Job("j-1", "t", null, null, null, null, 1, 3, null);

    registry.assign(job, first);
    registry.assign(job, second); // rerouted or its lease lapsed: a new attempt elsewhere

    assertFalse(first.running.contains("j-1"));
    assertEquals(second, registry.assignment("j-1").worker);
    registry.finish("j-1");
    assertNull(registry.assignment("j-1"));
    assertEquals(List.of(), List.copyOf(first.running));
    assertEquals(List.of(), List.copyOf(second.running));
    assertEquals(first.capacity, first.free());
  }

  @Test
  void removing_the_worker_it_had_before_keeps_the_new_assignment() {
    registry.register(first);
    registry.register(second);
    Job job = new Job("j-2", "t", null, null, null, null, 1, 3, null);
    registry.assign(job, first);
    registry.assign(job, second);

    assertEquals(List.of(), registry.remove(first));

    assertEquals(second, registry.assignment("j-2").worker);
  }

  private static WorkerEntry worker(String name, int identity) {
    return new WorkerEntry(name, new byte[] {(byte) identity}, List.of("t"), 4, 0);
  }
}
