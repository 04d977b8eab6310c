package io.jobwire.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void defaults_follow_the_contract() {
    WorkerConfig config = WorkerConfig.defaults();

    assertEquals("tcp://127.0.0.1:5556", config.broker());
    assertTrue(config.heartbeatInterval().compareTo(Duration.ofSeconds(1)) <= 0);
    assertEquals(Duration.ofSeconds(3), config.brokerTimeout());
    assertTrue(config.id().contains("-" + ProcessHandle.current().pid() + "-"), config.id());
  }

  @Test
  void generated_ids_differ_between_workers() {
    assertTrue(!WorkerConfig.defaults().id().equals(WorkerConfig.defaults().id()));
  }

  @Test
  void rejects_a_capacity_below_one() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> WorkerConfig.builder().capacity(0).build());
    assertTrue(e.getMessage().contains("capacity"), e.getMessage());
  }

  @Test
  void rejects_a_heartbeat_interval_over_a_second() {
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkerConfig.builder().heartbeatInterval(Duration.ofMillis(1500)).build());
  }

  @Test
  void rejects_a_broker_that_is_not_an_endpoint() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WorkerConfig.builder().broker("localhost:5556").build());
    assertTrue(e.getMessage().contains("tcp://"), e.getMessage());
  }

  @Test
  void takes_several_brokers_as_a_comma_separated_list_or_a_list() {
    var csv = WorkerConfig.builder().broker("tcp://b1:5556, tcp://b2:5556").build();
    var list = WorkerConfig.builder().brokers(List.of("tcp://b1:5556", "tcp://b2:5556")).build();

    assertEquals(List.of("tcp://b1:5556", "tcp://b2:5556"), csv.brokers());
    assertEquals("tcp://b1:5556,tcp://b2:5556", csv.broker());
    assertEquals(csv.brokers(), list.brokers());
    assertEquals(List.of("tcp://127.0.0.1:5556"), WorkerConfig.defaults().brokers());
  }

  @Test
  void rejects_a_bad_or_repeated_broker_in_the_list() {
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkerConfig.builder().broker("tcp://b1:5556,b2:5556").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> WorkerConfig.builder().broker("tcp://b1:5556,tcp://b1:5556").build());
    assertThrows(IllegalArgumentException.class, () -> WorkerConfig.builder().broker(",").build());
  }

  @Test
  void to_builder_round_trips() {
    WorkerConfig config = WorkerConfig.builder().id("w-1").capacity(3).build();
    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void a_worker_needs_a_handler_and_one_per_topic() {
    assertThrows(IllegalStateException.class, () -> Worker.builder().build());
    assertThrows(
        IllegalArgumentException.class,
        () -> Worker.builder().handle("ping", job -> 1).handle("ping", job -> 2));
  }

  @Test
  void close_before_start_and_twice_is_harmless() {
    Worker worker = Worker.builder().handle("ping", job -> 1).build();
    worker.close();
    worker.close();
    assertThrows(IllegalStateException.class, worker::start);
  }
}
