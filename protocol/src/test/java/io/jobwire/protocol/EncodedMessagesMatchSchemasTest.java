package io.jobwire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jobwire.protocol.testing.Schemas;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every message record, as {@link Codec#encode} writes it, is valid for its schema. */
class EncodedMessagesMatchSchemasTest {

  private static final JsonNode ROUTE = json("{\"sub\":\"s-1\",\"fe\":\"fe-1\"}");
  private static final JsonNode DATA = json("{\"tick\":1}");
  private static final ErrorInfo ERROR = ErrorInfo.of(ErrorCode.INTERNAL, "boom");

  /** At least one instance of every record, with the optional parts both set and left out. */
  static List<Object> samples() {
    Job job =
        new Job(
            "j-1",
            "ping",
            json("{\"count\":3}"),
            "alice",
            "tcp://127.0.0.1:5555",
            ROUTE,
            1,
            3,
            1_700_000_000_000L);
    Job background = new Job("j-2", "ping", null, null, null, null, 2, 5, null);
    return List.of(
        new ClientMessage.Auth(IntNode.valueOf(1), "t-1"),
        new ClientMessage.Subscribe(IntNode.valueOf(1), "ping", json("{\"count\":3}"), null),
        new ClientMessage.Subscribe(null, "ping", null, null),
        new ClientMessage.Subscribe(
            TextNode.valueOf("r"), null, null, new ClientMessage.Resume("s-1", 4)),
        new ClientMessage.Unsubscribe(IntNode.valueOf(2), "s-1"),
        new ClientMessage.Status(null, "j-1"),
        new ClientMessage.Ping(JsonNodeFactory.instance.booleanNode(true)),
        new ClientMessage.Ping(null),
        new ServerMessage.Welcome("c-1", null),
        new ServerMessage.Welcome("c-1", "alice"),
        new ServerMessage.Authenticated(IntNode.valueOf(1), "alice"),
        new ServerMessage.Subscribed(IntNode.valueOf(1), "s-1", "ping", "j-1"),
        new ServerMessage.Progress("s-1", "j-1", 1, DATA),
        new ServerMessage.Result("s-1", "j-1", 2, DATA),
        new ServerMessage.Result("s-1", "j-1", 2, null),
        new ServerMessage.Failed("s-1", "j-1", 3, ERROR),
        new ServerMessage.Event("s-1", 4, TextNode.valueOf("hello")),
        new ServerMessage.Unsubscribed(null, "s-1"),
        new ServerMessage.StatusReply(IntNode.valueOf(3), "j-1", JobState.RUNNING, 1, DATA, null),
        new ServerMessage.StatusReply(null, "j-1", JobState.DEAD, 3, null, ERROR),
        new ServerMessage.Gap("s-1", 2, 9),
        new ServerMessage.Error(TextNode.valueOf("r"), ErrorCode.UNKNOWN_TOPIC, "no topic 'x'"),
        new ServerMessage.Pong(IntNode.valueOf(5)),
        new ServerMessage.Notice("s-1", "pnig", ServerMessage.Notice.NO_WORKER, "no worker"),
        new WorkerMessage.Ready("w-1", List.of("ping", "sysinfo"), 4),
        new WorkerMessage.Heartbeat("w-1", List.of("j-1")),
        new WorkerMessage.Heartbeat("w-1", null),
        new WorkerMessage.Heartbeat("w-1", List.of("j-1"), true),
        new WorkerMessage.Done("j-1"),
        new WorkerMessage.Fail("j-1", ErrorInfo.of(ErrorCode.INTERNAL, null), null),
        new WorkerMessage.Fail("j-1", new ErrorInfo("host_unreachable", "no route"), false),
        new WorkerMessage.Bye("w-1"),
        new BrokerMessage.Assign(job),
        new BrokerMessage.Assign(background),
        new BrokerMessage.Cancel("j-1"),
        new BrokerMessage.Heartbeat(),
        new IngressMessage.Progress("j-1", ROUTE, 1L, DATA),
        new IngressMessage.Progress(null, json("{\"sub\":\"s-1\"}"), null, DATA),
        new IngressMessage.Result("j-1", ROUTE, 2L, DATA),
        new IngressMessage.Result(null, json("{\"sub\":\"s-1\"}"), null, json("{\"x\":1}")),
        new IngressMessage.Failed("j-1", ROUTE, ERROR),
        new IngressMessage.Failed(null, ROUTE, ERROR),
        new IngressMessage.Publish("news", DATA));
  }

  @Test
  void every_encoded_record_is_valid_for_its_schema() {
    for (Object message : samples()) {
      Schemas.assertValid(message);
    }
  }

  @Test
  void every_encoded_record_decodes_back_to_an_equal_record() throws Exception {
    for (Object message : samples()) {
      String json = Codec.encode(message);
      Object decoded =
          switch (message) {
            case ClientMessage m -> Codec.decodeClient(json);
            case ServerMessage m -> Codec.decodeServer(json);
            case WorkerMessage m -> Codec.decodeWorker(Codec.encodeBytes(m));
            case BrokerMessage m -> Codec.decodeBroker(Codec.encodeBytes(m));
            case IngressMessage m -> Codec.decodeIngress(Codec.encodeBytes(m));
            default -> throw new AssertionError(message);
          };
      assertEquals(Codec.encode(message), Codec.encode(decoded), json);
    }
  }

  @Test
  void leaves_out_optional_fields_that_are_null_instead_of_writing_null() {
    assertEquals(
        "{\"op\":\"subscribe\",\"ref\":null,\"topic\":\"ping\"}",
        Codec.encode(new ClientMessage.Subscribe(null, "ping", null, null)));
    assertEquals(
        "{\"type\":\"result\",\"route\":{\"sub\":\"s-1\"},\"data\":1}",
        Codec.encode(
            new IngressMessage.Result(null, json("{\"sub\":\"s-1\"}"), null, IntNode.valueOf(1))));
  }

  @Test
  void the_samples_cover_every_message_record() {
    Set<Class<?>> records = new HashSet<>();
    var todo =
        new ArrayDeque<Class<?>>(
            List.of(
                ClientMessage.class,
                ServerMessage.class,
                WorkerMessage.class,
                BrokerMessage.class,
                IngressMessage.class));
    while (!todo.isEmpty()) {
      Class<?> type = todo.pop();
      if (type.isRecord()) {
        records.add(type);
      } else {
        todo.addAll(List.of(type.getPermittedSubclasses()));
      }
    }
    Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(names(records), names(sampled));
  }

  private static Set<String> names(Set<Class<?>> types) {
    return types.stream()
        .map(Class::getName)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static JsonNode json(String text) {
    try {
      return Codec.parse(text);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
