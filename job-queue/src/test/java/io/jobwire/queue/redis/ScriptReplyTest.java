package io.jobwire.queue.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ScriptReplyTest {
  @Test
  void reads_a_well_formed_reply() {
    ScriptReply reply = ScriptReply.of(Scripts.CLAIM, List.of(List.of("a", "b"), 3L, "12"));

    assertEquals(List.of("a", "b"), reply.list(0).strings());
    assertEquals(3, reply.number(1));
    assertEquals(12, reply.numberText(2));
  }

  @Test
  void names_the_script_and_the_place_of_a_value_of_the_wrong_type() {
    ScriptReply reply = ScriptReply.of(Scripts.CLAIM, List.of(List.of("a", 7L)));

    assertMessage(
        () -> reply.list(0).strings(), "script claim: reply[0][1] is Long 7, expected a string");
  }

  @Test
  void names_the_script_when_a_place_is_missing() {
    assertMessage(
        () -> ScriptReply.of(Scripts.ACK, List.of(1L)).number(1),
        "script ack: reply has 1 item(s), expected at least 2");
  }

  @Test
  void refuses_a_reply_that_is_not_a_list() {
    assertMessage(
        () -> ScriptReply.of(Scripts.DUE, "OK"), "script due: reply is String OK, expected a list");
  }

  private static void assertMessage(Executable read, String expected) {
    var e = assertThrows(ScriptReply.UnexpectedReply.class, read);
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
