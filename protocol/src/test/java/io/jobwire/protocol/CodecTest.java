package io.jobwire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void decodes_a_subscribe_with_ref_and_params() throws Exception {
    var message =
        Codec.decodeClient(
            "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":3}}");

    var subscribe = assertInstanceOf(ClientMessage.Subscribe.class, message);
    assertEquals(IntNode.valueOf(1), subscribe.ref());
    assertEquals("ping", subscribe.topic());
    assertEquals(3, subscribe.params().get("count").asInt());
  }

  @Test
  void decodes_a_resume() throws Exception {
    var message =
        Codec.decodeClient("{\"op\":\"subscribe\",\"resume\":{\"sub\":\"s-1\",\"after\":7}}");

    var subscribe = assertInstanceOf(ClientMessage.Subscribe.class, message);
    assertEquals(new ClientMessage.Resume("s-1", 7), subscribe.resume());
  }

  @Test
  void rejects_text_that_is_not_json_with_bad_json() {
    var e = assertThrows(ProtocolException.class, () -> Codec.decodeClient("{nope"));
    assertEquals(ErrorCode.BAD_JSON, e.code());
  }

  @Test
  void rejects_an_unknown_op_keeping_the_ref() {
    var e =
        assertThrows(
            ProtocolException.class, () -> Codec.decodeClient("{\"op\":\"dance\",\"ref\":\"a\"}"));
    assertEquals(ErrorCode.UNKNOWN_OP, e.code());
    assertEquals("a", e.ref().asText());
  }

  @Test
  void rejects_a_subscribe_without_topic_as_bad_request() {
    var e =
        assertThrows(
            ProtocolException.class, () -> Codec.decodeClient("{\"op\":\"subscribe\",\"ref\":2}"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertTrue(e.getMessage().contains("topic"), e.getMessage());
    assertEquals(2, e.ref().asInt());
  }

  @Test
  void rejects_params_that_are_not_an_object() {
    var e =
        assertThrows(
            ProtocolException.class,
            () -> Codec.decodeClient("{\"op\":\"subscribe\",\"topic\":\"t\",\"params\":[1]}"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
  }

  @Test
  void rejects_a_json_array_and_a_missing_op() {
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(ProtocolException.class, () -> Codec.decodeClient("[1,2]")).code());
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(ProtocolException.class, () -> Codec.decodeClient("{\"ref\":1}")).code());
  }

  @Test
  void rejects_a_wrongly_typed_field_with_its_name() {
    var e =
        assertThrows(
            ProtocolException.class,
            () ->
                Codec.decodeWorker(
                    bytes(
                        "{\"type\":\"ready\",\"worker\":\"w\",\"topics\":[\"a\"],\"capacity\":\"x\"}")));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertTrue(e.getMessage().contains("capacity"), e.getMessage());
  }

  @Test
  void encodes_server_messages_with_op_first() {
    String json = Codec.encode(new ServerMessage.Progress("s-1", "j-1", 1, IntNode.valueOf(5)));
    assertEquals(
        "{\"op\":\"progress\",\"sub\":\"s-1\",\"job\":\"j-1\",\"seq\":1,\"data\":5}", json);
  }

  @Test
  void encodes_welcome_with_a_null_user_and_the_protocol_name() {
    String json = Codec.encode(new ServerMessage.Welcome("c-1", null));
    assertEquals(
        "{\"op\":\"welcome\",\"conn\":\"c-1\",\"user\":null,\"protocol\":\"jobwire.v1\"}", json);
  }

  @Test
  void round_trips_a_job_assignment_with_snake_case_fields() throws Exception {
    JsonNode route = Codec.parse("{\"sub\":\"s-1\",\"fe\":\"f1\"}");
    var job = new Job("j-1", "ping", null, "alice", "tcp://127.0.0.1:5555", route, 1, 3, null);

    byte[] frame = Codec.encodeBytes(new BrokerMessage.Assign(job));
    String text = new String(frame, StandardCharsets.UTF_8);

    assertTrue(text.startsWith("{\"type\":\"job\""), text);
    assertTrue(text.contains("\"reply_to\":\"tcp://127.0.0.1:5555\""), text);
    assertTrue(text.contains("\"max_attempts\":3"), text);
    assertEquals(new BrokerMessage.Assign(job), Codec.decodeBroker(frame));
  }

  @Test
  void decodes_worker_messages() throws Exception {
    assertEquals(
        new WorkerMessage.Ready("w1", List.of("ping"), 4),
        Codec.decodeWorker(
            bytes("{\"type\":\"ready\",\"worker\":\"w1\",\"topics\":[\"ping\"],\"capacity\":4}")));
    var fail =
        (WorkerMessage.Fail)
            Codec.decodeWorker(
                bytes(
                    "{\"type\":\"fail\",\"job\":\"j\",\"error\":{\"code\":\"x\",\"message\":\"m\"}}"));
    assertTrue(fail.retry(), "retry defaults to true");
  }

  @Test
  void decodes_a_hand_made_result_with_only_a_sub() throws Exception {
    var message =
        Codec.decodeIngress(
            bytes("{\"type\":\"result\",\"route\":{\"sub\":\"s-9\"},\"data\":{\"x\":1}}"));

    var result = assertInstanceOf(IngressMessage.Result.class, message);
    assertEquals("s-9", result.sub());
    assertEquals(null, result.job());
    assertEquals(null, result.seq());
  }

  @Test
  void rejects_an_ingress_message_without_a_route_sub() {
    var e =
        assertThrows(
            ProtocolException.class,
            () -> Codec.decodeIngress(bytes("{\"type\":\"progress\",\"route\":{},\"data\":1}")));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
