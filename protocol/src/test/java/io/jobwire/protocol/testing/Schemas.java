package io.jobwire.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.protocol.WorkerMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks JSON messages against the contract's JSON Schemas, for tests in every module.
 *
 * <p>A message's schema is picked by its channel and its {@code op} (channels {@code client},
 * {@code server}) or {@code type} ({@code worker}, {@code broker}, {@code ingress}): a {@code
 * progress} on channel {@code server} is checked against {@code server/progress.json}. The schemas
 * live in the protocol jar under {@value #RESOURCE_DIR}; see docs/protocol.md.
 *
 * <pre>{@code
 * Schemas.assertValid("server", frameTheClientReceived);
 * Schemas.assertValid("ingress", zmqFrameBytes);
 * Schemas.assertValid(new WorkerMessage.Done("j-1"));   // encodes with Codec first
 * }</pre>
 *
 * Failures are {@link AssertionError}s that name the schema, each violation and the message.
 * Thread-safe. A module that uses this class needs {@code com.networknt:json-schema-validator} as a
 * test dependency of its own: test-scoped dependencies of the protocol module do not travel with
 * its test-jar.
 */
public final class Schemas {

  /** The channels, in the order of the contract. */
  public static final List<String> CHANNELS =
      List.of("client", "server", "worker", "broker", "ingress");

  /** The {@code $id} prefix of every schema. */
  public static final String BASE_URI = "https://jobwire.io/schemas/v1/";

  /** Where the schemas are on the classpath. */
  public static final String RESOURCE_DIR = "io/jobwire/protocol/schema/";

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  mappers -> mappers.mapPrefix(BASE_URI, "classpath:" + RESOURCE_DIR)));

  private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

  private Schemas() {}

  /** Fails unless {@code json} is a valid message of {@code channel}. */
  public static void assertValid(String channel, String json) {
    List<String> problems = problems(channel, json);
    if (!problems.isEmpty()) {
      throw new AssertionError(describe(channel, json, problems));
    }
  }

  /** Fails unless the UTF-8 ZeroMQ {@code frame} is a valid message of {@code channel}. */
  public static void assertValid(String channel, byte[] frame) {
    assertValid(channel, new String(frame, StandardCharsets.UTF_8));
  }

  /**
   * Encodes a message record with {@link Codec#encode} and fails unless the JSON is valid for the
   * channel of the record's sealed interface.
   */
  public static void assertValid(Object message) {
    assertValid(channelOf(message), Codec.encode(message));
  }

  /** Fails if {@code json} is a valid message of {@code channel}; for negative tests. */
  public static void assertInvalid(String channel, String json) {
    if (problems(channel, json).isEmpty()) {
      throw new AssertionError(
          "expected a " + channel + " message that breaks its schema, but it is valid: " + json);
    }
  }

  /**
   * What is wrong with {@code json} as a message of {@code channel}: one readable line per
   * violation ({@code "$.seq: string found, integer expected"}), empty when it is valid.
   *
   * @throws IllegalArgumentException when {@code channel} is not one of {@link #CHANNELS}
   */
  public static List<String> problems(String channel, String json) {
    discriminator(channel); // an unknown channel is the caller's bug: throw, do not report
    JsonNode tree;
    try {
      tree = Codec.parse(json);
    } catch (ProtocolException e) {
      return List.of(e.getMessage());
    }
    String name;
    try {
      name = messageName(channel, tree);
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    for (ValidationMessage violation : schema(channel + "/" + name).validate(tree)) {
      problems.add(violation.getMessage());
    }
    problems.sort(null);
    return problems;
  }

  /**
   * The schema file that checks {@code json} on {@code channel}, relative to {@value
   * #RESOURCE_DIR}, such as {@code "server/progress.json"}.
   *
   * @throws IllegalArgumentException when the channel or the message's op/type is unknown
   */
  public static String schemaFor(String channel, String json) {
    try {
      return channel + "/" + messageName(channel, Codec.parse(json)) + ".json";
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The op or type values that {@code channel} knows, in the order of the contract. */
  public static List<String> messageNames(String channel) {
    JsonNode names =
        channelSchema(channel)
            .getSchemaNode()
            .at("/properties/" + discriminator(channel) + "/enum");
    List<String> result = new ArrayList<>();
    names.forEach(name -> result.add(name.asText()));
    return List.copyOf(result);
  }

  /** {@code "op"} for the WebSocket channels, {@code "type"} for the ZeroMQ ones. */
  public static String discriminator(String channel) {
    return switch (channel) {
      case "client", "server" -> "op";
      case "worker", "broker", "ingress" -> "type";
      default ->
          throw new IllegalArgumentException(
              "unknown channel '" + channel + "'; use one of " + CHANNELS);
    };
  }

  /** The channel a message record travels on, from its sealed interface. */
  public static String channelOf(Object message) {
    return switch (message) {
      case ClientMessage m -> "client";
      case ServerMessage m -> "server";
      case WorkerMessage m -> "worker";
      case BrokerMessage m -> "broker";
      case IngressMessage m -> "ingress";
      case null -> throw new IllegalArgumentException("message is null");
      default ->
          throw new IllegalArgumentException(
              message.getClass().getName() + " is not a jobwire message record");
    };
  }

  private static String messageName(String channel, JsonNode tree) {
    String field = discriminator(channel);
    JsonNode kind = tree == null ? null : tree.get(field);
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("a " + channel + " message must be a JSON object");
    }
    if (kind == null || !kind.isTextual()) {
      throw new IllegalArgumentException(
          "a " + channel + " message needs a string '" + field + "'");
    }
    List<String> known = messageNames(channel);
    if (!known.contains(kind.asText())) {
      throw new IllegalArgumentException(
          "no " + channel + " message has " + field + " '" + kind.asText() + "'; known: " + known);
    }
    return kind.asText();
  }

  private static JsonSchema channelSchema(String channel) {
    discriminator(channel); // rejects unknown channels with a readable message
    return schema(channel);
  }

  private static JsonSchema schema(String path) {
    return CACHE.computeIfAbsent(
        path, p -> FACTORY.getSchema(SchemaLocation.of(BASE_URI + p + ".json")));
  }

  private static String describe(String channel, String json, List<String> problems) {
    String shown = json.length() > 2000 ? json.substring(0, 2000) + "…" : json;
    String name;
    try {
      name = schemaFor(channel, json);
    } catch (IllegalArgumentException e) {
      name = channel + " channel";
    }
    return channel
        + " message does not match "
        + name
        + ":\n  - "
        + String.join("\n  - ", problems)
        + "\n  message: "
        + shown;
  }
}
