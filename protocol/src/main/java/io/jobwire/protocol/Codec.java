package io.jobwire.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place where jobwire messages become JSON and back.
 *
 * <p>Decoding never throws anything but {@link ProtocolException}, whose code is the one the
 * contract names for the failure: {@code bad_json}, {@code bad_request} or {@code unknown_op}.
 * Unknown fields are ignored, so peers may add fields.
 */
public final class Codec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final ObjectReader TREE = MAPPER.reader();

  /**
   * Straight from JSON into the records, the fast path: a key given twice fails here (the tree path
   * below keeps the last one, as it always did), and so does everything else the tree path would
   * refuse or read differently, so that only its answer counts.
   */
  private static final ObjectReader STRICT =
      MAPPER.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final ObjectReader CLIENT = STRICT.forType(ClientMessage.class);
  private static final ObjectReader SERVER = STRICT.forType(ServerMessage.class);
  private static final ObjectReader WORKER = STRICT.forType(WorkerMessage.class);
  private static final ObjectReader BROKER = STRICT.forType(BrokerMessage.class);
  private static final ObjectReader INGRESS = STRICT.forType(IngressMessage.class);

  private Codec() {}

  /** The shared, configured mapper, for callers that build JSON trees. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ClientMessage decodeClient(String text) throws ProtocolException {
    ClientMessage message = fast(CLIENT, text);
    return message != null && scalarRef(message.ref())
        ? message
        : decode(parse(text), "op", ClientMessage.class);
  }

  public static ServerMessage decodeServer(String text) throws ProtocolException {
    ServerMessage message = fast(SERVER, text);
    return message != null ? message : decode(parse(text), "op", ServerMessage.class);
  }

  public static WorkerMessage decodeWorker(byte[] frame) throws ProtocolException {
    WorkerMessage message = fast(WORKER, frame);
    return message != null ? message : decode(parse(frame), "type", WorkerMessage.class);
  }

  public static BrokerMessage decodeBroker(byte[] frame) throws ProtocolException {
    BrokerMessage message = fast(BROKER, frame);
    return message != null ? message : decode(parse(frame), "type", BrokerMessage.class);
  }

  public static IngressMessage decodeIngress(byte[] frame) throws ProtocolException {
    IngressMessage message = fast(INGRESS, frame);
    return message != null ? message : decode(parse(frame), "type", IngressMessage.class);
  }

  /**
   * The message read in one pass, or null when that pass fails for any reason: the caller then
   * reads it again through a tree, which names the failure the contract asks for (a message that
   * fails costs two parses; one that is fine, one).
   */
  private static <T> T fast(ObjectReader reader, String text) {
    try {
      return reader.readValue(text);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static <T> T fast(ObjectReader reader, byte[] frame) {
    try {
      return reader.readValue(frame);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * A client's {@code ref} is echoed in the answer: absent, or a scalar that can be echoed. In what
   * workers, brokers and the server send it is an unknown field like any other.
   */
  private static boolean scalarRef(JsonNode ref) {
    return ref == null
        || ref.isValueNode() && !(ref.isNumber() && !Double.isFinite(ref.asDouble()));
  }

  /**
   * The id of the job a broker frame carries, read as far as the frame parses: a job too deeply
   * nested or malformed after its id still names it, so the worker can answer {@code fail}. Empty
   * when the frame is not a {@code job} or its id comes after the damage.
   */
  public static java.util.Optional<String> jobIdOf(byte[] frame) {
    String type = null;
    String id = null;
    try (JsonParser parser = MAPPER.getFactory().createParser(frame)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return java.util.Optional.empty();
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME && (type == null || id == null);
          token = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
          type = parser.getText();
        } else if ("job".equals(field) && value == JsonToken.START_OBJECT) {
          id = idField(parser);
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // Damaged past what was read: keep what was found.
    }
    return "job".equals(type) && id != null && !id.isBlank()
        ? java.util.Optional.of(id)
        : java.util.Optional.empty();
  }

  /** Inside the {@code job} object: its {@code id}, or null. */
  private static String idField(JsonParser parser) throws IOException {
    for (JsonToken token = parser.nextToken();
        token == JsonToken.FIELD_NAME;
        token = parser.nextToken()) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
        return parser.getText();
      }
      parser.skipChildren();
    }
    return null;
  }

  /** Any message record (or JSON tree) as compact JSON text. */
  public static String encode(Object message) {
    try {
      return MAPPER.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** Any message record as a UTF-8 ZeroMQ frame. */
  public static byte[] encodeBytes(Object message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** Parses JSON text into a tree, failing with {@code bad_json}. */
  public static JsonNode parse(String text) throws ProtocolException {
    try {
      return TREE.readTree(text);
    } catch (IOException e) {
      throw badJson(e);
    }
  }

  private static JsonNode parse(byte[] frame) throws ProtocolException {
    try {
      return TREE.readTree(frame);
    } catch (IOException e) {
      throw badJson(e);
    }
  }

  /** The tree path alone, for the test that holds the fast path to its answers. */
  static <T> T decodeThroughTree(String text, String discriminator, Class<T> type)
      throws ProtocolException {
    return decode(parse(text), discriminator, type);
  }

  static <T> T decodeThroughTree(byte[] frame, String discriminator, Class<T> type)
      throws ProtocolException {
    return decode(parse(frame), discriminator, type);
  }

  private static <T> T decode(JsonNode tree, String discriminator, Class<T> type)
      throws ProtocolException {
    if (tree == null || !tree.isObject()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "a message must be a JSON object");
    }
    JsonNode ref = tree.get("ref");
    if (type == ClientMessage.class && ref != null && !ref.isValueNode()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "'ref' must be a JSON scalar");
    }
    if (type == ClientMessage.class
        && ref != null
        && ref.isNumber()
        && !Double.isFinite(ref.asDouble())) {
      throw new ProtocolException(
          ErrorCode.BAD_REQUEST, null, "'ref' is a number too large to echo; use a string");
    }
    JsonNode kind = tree.get(discriminator);
    if (kind == null || !kind.isTextual()) {
      throw new ProtocolException(
          ErrorCode.BAD_REQUEST, ref, "missing string field '" + discriminator + "'");
    }
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (InvalidTypeIdException e) {
      throw new ProtocolException(
          ErrorCode.UNKNOWN_OP, ref, "unknown " + discriminator + " '" + kind.asText() + "'");
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ProtocolException(ErrorCode.BAD_REQUEST, ref, cause.getMessage());
    } catch (JsonMappingException e) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, ref, describe(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(JsonMappingException e) {
    String field = e.getPath().isEmpty() ? "" : e.getPathReference().replaceAll(".*\\[\"?", "");
    field = field.replace("\"]", "").replace("]", "");
    String why = e.getOriginalMessage();
    int cut = why.indexOf('\n');
    why = cut < 0 ? why : why.substring(0, cut);
    return field.isEmpty() ? why : "bad value for '" + field + "': " + why;
  }

  private static ProtocolException badJson(IOException e) {
    String why = e.getMessage() == null ? "not JSON" : e.getMessage();
    int cut = why.indexOf('\n');
    return new ProtocolException(
        ErrorCode.BAD_JSON, null, "not valid JSON: " + (cut < 0 ? why : why.substring(0, cut)));
  }
}
