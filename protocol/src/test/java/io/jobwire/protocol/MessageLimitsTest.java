package io.jobwire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Depth, topic-name and size rules every receiver applies. */
class MessageLimitsTest {

  static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }

  static String subscribe(int depth) {
    return "{\"op\":\"subscribe\",\"topic\":\"t\",\"params\":" + nested(depth) + "}";
  }

  @Test
  void params_nested_to_the_limit_are_accepted_and_one_deeper_get_bad_request()
      throws ProtocolException {
    var ok = Codec.decodeClient(subscribe(MessageLimits.MAX_PARAMS_DEPTH));
    assertEquals(
        MessageLimits.MAX_PARAMS_DEPTH,
        MessageLimits.depth(assertInstanceOf(ClientMessage.Subscribe.class, ok).params()));

    var e =
        assertThrows(
            ProtocolException.class,
            () -> Codec.decodeClient(subscribe(MessageLimits.MAX_PARAMS_DEPTH + 1)));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertTrue(e.getMessage().contains("deeper than 32"), e.getMessage());
  }

  @Test
  void a_thousand_levels_cost_no_stack() {
    assertEquals(5000, MessageLimits.depth(deepList(5000)));
  }

  @Test
  void topic_names_are_short_plain_words() {
    for (String ok : new String[] {"ping", "mail.send", "a:b-c_d", "7", "t".repeat(64)}) {
      assertTrue(TopicNames.valid(ok), ok);
    }
    for (String bad :
        new String[] {"", " ", "a b", "a\nb", "a\u0000", "{main}", "t".repeat(65), "\u202eabc"}) {
      assertFalse(TopicNames.valid(bad), bad);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> TopicNames.require("a\nb", "topic"));
    assertTrue(e.getMessage().contains("'a\\u000ab'"), e.getMessage());
  }

  @Test
  void a_worker_registering_a_bad_topic_name_gets_bad_request() {
    var e =
        assertThrows(
            ProtocolException.class,
            () ->
                Codec.decodeWorker(
                    "{\"type\":\"ready\",\"worker\":\"w\",\"topics\":[\"{main}\"],\"capacity\":1}"
                        .getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
  }

  @Test
  void the_id_of_a_job_is_read_even_when_its_params_are_too_deep_to_parse() {
    String deep = "[".repeat(1100) + "]".repeat(1100);
    byte[] frame =
        ("{\"type\":\"job\",\"job\":{\"id\":\"j-1\",\"topic\":\"t\",\"params\":{\"a\":"
                + deep
                + "}}}")
            .getBytes(StandardCharsets.UTF_8);

    assertThrows(ProtocolException.class, () -> Codec.decodeBroker(frame));
    assertEquals(Optional.of("j-1"), Codec.jobIdOf(frame));
    assertEquals(
        Optional.empty(),
        Codec.jobIdOf("{\"type\":\"cancel\",\"job\":\"j-1\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), Codec.jobIdOf("not json".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void the_message_size_limit_has_a_floor_and_a_ceiling() {
    assertThrows(
        IllegalArgumentException.class, () -> MessageLimits.requireMaxMessageBytes(1000, "x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> MessageLimits.requireMaxMessageBytes(Integer.MAX_VALUE, "x"));
    assertEquals(
        MessageLimits.DEFAULT_MAX_MESSAGE_BYTES,
        MessageLimits.requireMaxMessageBytes(MessageLimits.DEFAULT_MAX_MESSAGE_BYTES, "x"));
  }

  private static com.fasterxml.jackson.databind.JsonNode deepList(int depth) {
    var root = Codec.mapper().createArrayNode();
    var current = root;
    for (int i = 1; i < depth; i++) {
      current = current.addArray();
    }
    return root;
  }
}
