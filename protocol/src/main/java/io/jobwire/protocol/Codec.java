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

  private Codec() {}

  /** The shared, configured mapper, for callers that build JSON trees. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ClientMessage decodeClient(String text) throws ProtocolException {
    return decode(parse(text), "op", ClientMessage.class);
  }

  public static ServerMessage decodeServer(String text) throws ProtocolException {
    return decode(parse(text), "op", ServerMessage.class);
  }

  public static WorkerMessage decodeWorker(byte[] frame) throws ProtocolException {
    return decode(parse(frame), "type", WorkerMessage.class);
  }

  public static BrokerMessage decodeBroker(byte[] frame) throws ProtocolException {
    return decode(parse(frame), "type", BrokerMessage.class);
  }

  public static IngressMessage decodeIngress(byte[] frame) throws ProtocolException {
    return decode(parse(frame), "type", IngressMessage.class);
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

  private static <T> T decode(JsonNode tree, String discriminator, Class<T> type)
      throws ProtocolException {
    if (tree == null || !tree.isObject()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "a message must be a JSON object");
    }
    JsonNode ref = tree.get("ref");
    if (ref != null && !ref.isValueNode()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "'ref' must be a JSON scalar");
    }
    if (ref != null && ref.isNumber() && !Double.isFinite(ref.asDouble())) {
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
