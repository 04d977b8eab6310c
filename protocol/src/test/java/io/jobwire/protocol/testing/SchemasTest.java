package io.jobwire.protocol.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.protocol.WorkerMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemasTest {

  private static final Map<String, Class<?>> RECORDS_BY_CHANNEL =
      Map.of(
          "client", ClientMessage.class,
          "server", ServerMessage.class,
          "worker", WorkerMessage.class,
          "broker", BrokerMessage.class,
          "ingress", IngressMessage.class);

  @Test
  void every_schema_file_is_a_valid_draft_2020_12_schema() throws Exception {
    var metaSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    for (String file : allSchemaFiles()) {
      JsonNode schema = read(file);
      assertEquals(java.util.Set.of(), metaSchema.validate(schema), file);
      assertEquals(
          "https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), file);
      assertEquals(Schemas.BASE_URI + file, schema.path("$id").asText(), file);
    }
  }

  @Test
  void every_message_record_has_a_schema_and_every_schema_a_record() {
    for (var entry : RECORDS_BY_CHANNEL.entrySet()) {
      var names =
          Arrays.stream(entry.getValue().getAnnotation(JsonSubTypes.class).value())
              .map(JsonSubTypes.Type::name)
              .toList();
      assertEquals(names, Schemas.messageNames(entry.getKey()), entry.getKey());
    }
  }

  @Test
  void every_example_inside_a_schema_is_valid_for_its_schema_and_channel() throws Exception {
    int examples = 0;
    for (String channel : Schemas.CHANNELS) {
      for (String name : Schemas.messageNames(channel)) {
        String file = channel + "/" + name + ".json";
        JsonNode schemaExamples = read(file).path("examples");
        assertTrue(schemaExamples.size() > 0, file + " has examples");
        for (JsonNode example : schemaExamples) {
          String json = Codec.encode(example);
          Schemas.assertValid(channel, json);
          assertEquals(file, Schemas.schemaFor(channel, json));
          examples++;
        }
      }
    }
    assertTrue(examples >= 29, "examples checked: " + examples);
  }

  @Test
  void a_failure_names_the_schema_the_field_and_the_message() {
    String json =
        "{\"op\":\"progress\",\"sub\":\"s-1\",\"job\":\"j-1\",\"seq\":\"one\",\"data\":1}";

    var failure = assertThrows(AssertionError.class, () -> Schemas.assertValid("server", json));

    String text = failure.getMessage();
    assertTrue(text.contains("server/progress.json"), text);
    assertTrue(text.contains("$.seq"), text);
    assertTrue(text.contains("integer"), text);
    assertTrue(text.contains(json), text);
  }

  @Test
  void an_unknown_op_or_channel_is_reported_not_skipped() {
    assertTrue(Schemas.problems("client", "{\"op\":\"dance\"}").getFirst().contains("dance"));
    assertTrue(Schemas.problems("worker", "{\"op\":\"ready\"}").getFirst().contains("'type'"));
    assertTrue(Schemas.problems("server", "[1]").getFirst().contains("JSON object"));
    assertTrue(Schemas.problems("server", "{nope").getFirst().contains("not valid JSON"));
    var e = assertThrows(IllegalArgumentException.class, () -> Schemas.problems("ws", "{}"));
    assertTrue(e.getMessage().contains("client"), e.getMessage());
  }

  @Test
  void picks_the_channel_from_the_record_type() {
    assertEquals("client", Schemas.channelOf(new ClientMessage.Ping(null)));
    assertEquals("broker", Schemas.channelOf(new BrokerMessage.Heartbeat()));
    assertThrows(IllegalArgumentException.class, () -> Schemas.channelOf("text"));
  }

  private static List<String> allSchemaFiles() {
    List<String> files = new ArrayList<>(List.of("common.json"));
    for (String channel : Schemas.CHANNELS) {
      files.add(channel + ".json");
      Schemas.messageNames(channel).forEach(name -> files.add(channel + "/" + name + ".json"));
    }
    return files;
  }

  private static JsonNode read(String file) throws IOException {
    try (InputStream in =
        SchemasTest.class.getClassLoader().getResourceAsStream(Schemas.RESOURCE_DIR + file)) {
      assertTrue(in != null, "missing schema resource " + file);
      return Codec.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (io.jobwire.protocol.ProtocolException e) {
      throw new AssertionError(file + " is not JSON: " + e.getMessage(), e);
    }
  }
}
