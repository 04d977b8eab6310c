package io.jobwire.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class JobRequestTest {
  @Test
  void a_with_copy_changes_its_field_and_keeps_every_other() {
    var route = JsonNodeFactory.instance.objectNode().put("sub", "s1");
    JobRequest request =
        JobRequest.builder("resize")
            .user("ann")
            .reply("tcp://127.0.0.1:5557", route)
            .maxAttempts(4)
            .deadline(2_000L)
            .runAt(1_000L)
            .priority(JobPriority.HIGH)
            .unique("k")
            .build();

    JobRequest later = request.withRunAt(1_500L);

    assertEquals(
        new JobRequest(
            "resize",
            request.params(),
            "ann",
            "tcp://127.0.0.1:5557",
            route,
            4,
            2_000L,
            1_500L,
            JobPriority.HIGH,
            "k"),
        later);
  }

  @Test
  void the_builder_validates_like_the_constructor() {
    assertThrows(
        IllegalArgumentException.class, () -> JobRequest.builder("resize").maxAttempts(-1).build());
  }
}
