package io.jobwire.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void ids_keep_their_formats() {
    assertTrue(Ids.frontend().matches("fe-[0-9A-Za-z]{10}"));
    assertTrue(Ids.connection().matches("c-[0-9A-Za-z]{12}"));
    assertTrue(Ids.subscription().matches("s-[0-9A-Za-z]{16}"));
    assertTrue(Ids.base64Url(15).matches("[0-9A-Za-z_-]{20}"));
    assertTrue(Ids.worker("host").matches("host-\\d+-[0-9a-z]{1,4}"));
  }

  @Test
  void threads_drawing_ids_at_once_never_draw_the_same_one() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 20_000).parallel().forEach(i -> seen.add(Ids.subscription()));
    assertEquals(20_000, seen.size());
  }
}
