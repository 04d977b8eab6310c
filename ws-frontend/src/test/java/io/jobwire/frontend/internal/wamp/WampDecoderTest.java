package io.jobwire.frontend.internal.wamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Codec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message mapping, one message at a time: WAMP in, records or violations out. */
class WampDecoderTest {

  @Test
  void hello_names_the_realm_the_auth_methods_and_the_authid() throws Exception {
    var hello =
        (WampMessage.Hello)
            WampDecoder.decode(
                "[1,\"main\",{\"roles\":{\"caller\":{}},\"authmethods\":[\"ticket\"],\"authid\":\"al\"}]");

    assertEquals(new WampMessage.Hello("main", List.of("ticket"), "al"), hello);
  }

  @Test
  void call_maps_kwargs_to_params_and_args_under_args() throws Exception {
    var call =
        (WampMessage.Call)
            WampDecoder.decode(
                "[48,7,{\"receive_progress\":true,\"timeout\":500},\"com.example.ping\",[1,2],{\"count\":3}]");

    assertEquals(7, call.request());
    assertEquals("com.example.ping", call.procedure());
    assertTrue(call.receiveProgress());
    assertEquals(500, call.timeoutMillis());
    assertEquals("{\"count\":3,\"args\":[1,2]}", call.params().toString());
  }

  @Test
  void a_call_without_arguments_has_empty_params_and_no_progress() throws Exception {
    var call = (WampMessage.Call) WampDecoder.decode("[48,1,{},\"ping\"]");

    assertEquals("{}", call.params().toString());
    assertFalse(call.receiveProgress());
    assertEquals(0, call.timeoutMillis());
  }

  @Test
  void args_given_twice_is_an_error_to_the_call() {
    WampViolation violation =
        assertThrows(
            WampViolation.class, () -> WampDecoder.decode("[48,4,{},\"ping\",[1],{\"args\":[2]}]"));

    assertTrue(violation.answerable());
    assertEquals(WampViolation.INVALID_ARGUMENT, violation.reason());
    assertEquals(
        "[8,48,4,{},\"wamp.error.invalid_argument\",[\"pass 'args' either as positional arguments or as a keyword\"]]",
        violation.reply());
  }

  @Test
  void cancel_defaults_to_killnowait_and_refuses_unknown_modes() throws Exception {
    assertEquals(new WampMessage.Cancel(3, "killnowait"), WampDecoder.decode("[49,3,{}]"));
    assertEquals(
        new WampMessage.Cancel(3, "skip"), WampDecoder.decode("[49,3,{\"mode\":\"skip\"}]"));
    assertEquals(
        WampViolation.INVALID_ARGUMENT,
        assertThrows(WampViolation.class, () -> WampDecoder.decode("[49,3,{\"mode\":\"x\"}]"))
            .reason());
  }

  @Test
  void only_exact_subscriptions_are_served() throws Exception {
    assertEquals(new WampMessage.Subscribe(2, "news"), WampDecoder.decode("[32,2,{},\"news\"]"));
    WampViolation prefix =
        assertThrows(
            WampViolation.class,
            () -> WampDecoder.decode("[32,2,{\"match\":\"prefix\"},\"news\"]"));
    assertEquals(WampViolation.OPTION_NOT_ALLOWED, prefix.reason());
    assertEquals(32, prefix.requestType());
  }

  @Test
  void publish_data_is_the_one_argument_the_keywords_or_both() throws Exception {
    assertEquals("1", data("[16,1,{},\"t\",[1]]"));
    assertEquals("{\"a\":1}", data("[16,1,{},\"t\",[],{\"a\":1}]"));
    assertEquals("{\"args\":[1,2],\"kwargs\":{\"a\":1}}", data("[16,1,{},\"t\",[1,2],{\"a\":1}]"));
    assertEquals("null", data("[16,1,{},\"t\"]"));
    var publish = (WampMessage.Publish) WampDecoder.decode("[16,1,{},\"t\"]");
    assertTrue(publish.excludeMe());
    assertFalse(publish.acknowledge());
  }

  @Test
  void register_is_answered_as_unsupported() throws Exception {
    assertEquals(
        new WampMessage.Unsupported(64, 5), WampDecoder.decode("[64,5,{},\"com.my.proc\"]"));
  }

  @Test
  void what_is_not_a_client_message_aborts() {
    for (String bad :
        List.of(
            "nope",
            "{}",
            "[]",
            "[\"1\"]",
            "[2,1,{}]", // WELCOME is the router's
            "[50,1,{}]", // RESULT too
            "[70,1,{}]", // YIELD: jobwire has no WAMP callees
            "[1,\"main\"]",
            "[1,\"main\",{}]",
            "[1,7,{\"roles\":{}}]",
            "[48,0,{},\"ping\"]",
            "[48,9007199254740993,{},\"ping\"]",
            "[48,1.5,{},\"ping\"]",
            "[48,1,[],\"ping\"]",
            "[32,1,{}]")) {
      WampViolation violation =
          assertThrows(WampViolation.class, () -> WampDecoder.decode(bad), bad);
      assertFalse(violation.answerable(), bad);
      assertTrue(violation.reply().startsWith("[3,{\"message\":"), violation.reply());
    }
  }

  @Test
  void a_bad_argument_of_a_call_is_an_error_to_that_call() {
    for (String bad :
        List.of(
            "[48,1,{\"receive_progress\":1},\"ping\"]",
            "[48,1,{\"timeout\":-1},\"ping\"]",
            "[48,1,{},\"ping\",{}]",
            "[48,1,{},\"ping\",[],[]]")) {
      WampViolation violation =
          assertThrows(WampViolation.class, () -> WampDecoder.decode(bad), bad);
      assertEquals(WampViolation.INVALID_ARGUMENT, violation.reason(), bad);
      assertEquals(48, violation.requestType(), bad);
    }
  }

  @Test
  void uris_follow_the_wamp_rules_and_jobwire_topic_names() {
    assertNull(WampUris.refusal("ping"));
    assertNull(WampUris.refusal("com.example.ping"));
    assertNull(WampUris.refusal("com.example:v2"));
    for (String bad :
        List.of(
            "", "a..b", ".a", "a.", "a b", "a#b", "wamp.session.count", "a/b", "x".repeat(65))) {
      assertTrue(WampUris.refusal(bad) != null, bad);
    }
    WampViolation violation =
        assertThrows(WampViolation.class, () -> WampDecoder.decode("[48,3,{},\"a b\"]"));
    assertEquals(WampViolation.INVALID_URI, violation.reason());
    assertEquals(3, violation.request());
  }

  @Test
  void error_codes_become_jobwire_error_uris() {
    assertEquals("jobwire.error.unknown_topic", WampUris.ofError("unknown_topic"));
    assertEquals("jobwire.error.a_b", WampUris.ofError("a.b"));
    assertEquals("jobwire.error.failed", WampUris.ofError(""));
  }

  @Test
  void replies_carry_data_as_the_one_positional_argument() throws Exception {
    var data = Codec.parse("{\"tick\":1}");
    assertEquals("[50,7,{\"progress\":true},[{\"tick\":1}]]", WampReply.result(7, data, true));
    assertEquals("[50,7,{},[{\"tick\":1}]]", WampReply.result(7, data, false));
    assertEquals("[36,5,6,{},[{\"tick\":1}]]", WampReply.event(5, 6, data));
    assertEquals("[33,1,5]", WampReply.subscribed(1, 5));
    assertEquals("[4,\"ticket\",{}]", WampReply.challengeTicket());
    assertEquals(
        "[3,{\"message\":\"why\"},\"wamp.error.no_such_realm\"]",
        WampReply.abort("wamp.error.no_such_realm", "why"));
  }

  private static String data(String publish) throws Exception {
    return ((WampMessage.Publish) WampDecoder.decode(publish)).data().toString();
  }
}
