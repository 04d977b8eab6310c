package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets the contract's error code and a useful message, and the connection
 * keeps working. Prints the table of inputs and answers for the resolution report.
 */
class BadInputTest extends TokenAuthFrontend {
  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .topics("ping")
        .maxSubscriptionsPerConnection(2)
        .limits(Limits.defaults().withSubscribeRates(3, 1000));
  }

  record Case(
      String input, Consumer<TestClient> send, String expectedCode, boolean authenticated) {}

  private static Case text(String input, String frame, String code) {
    return new Case(input, c -> c.send(frame), code, true);
  }

  private TestClient authenticated() {
    TestClient client = clientWithQuery("token=" + issue("tester"));
    client.next("welcome");
    return client;
  }

  @Test
  void each_bad_input_gets_its_error_code_and_the_connection_keeps_working() {
    String used = issue("someone");
    tokensForTest().consume(used);
    List<Case> cases =
        List.of(
            text("malformed JSON", "{\"op\":\"ping\"", "bad_json"),
            text("not an object", "[1,2,3]", "bad_request"),
            text("empty text frame", "", "bad_request"),
            text("unknown op", "{\"op\":\"launch\"}", "unknown_op"),
            text("missing op", "{\"ref\":1}", "bad_request"),
            text("subscribe without topic", "{\"op\":\"subscribe\",\"ref\":1}", "bad_request"),
            text(
                "params not an object",
                "{\"op\":\"subscribe\",\"topic\":\"ping\",\"params\":3}",
                "bad_request"),
            text("status without job", "{\"op\":\"status\"}", "bad_request"),
            text("unsubscribe without sub", "{\"op\":\"unsubscribe\"}", "bad_request"),
            text("auth without token", "{\"op\":\"auth\"}", "bad_request"),
            text("ref is an object", "{\"op\":\"ping\",\"ref\":{\"a\":1}}", "bad_request"),
            text("ref 1e400", "{\"op\":\"ping\",\"ref\":1e400}", "bad_request"),
            text("unknown topic", "{\"op\":\"subscribe\",\"topic\":\"nope\"}", "unknown_topic"),
            text(
                "topic name with a space",
                "{\"op\":\"subscribe\",\"topic\":\"rm -rf\"}",
                "bad_request"),
            text(
                "topic name with a newline",
                "{\"op\":\"subscribe\",\"topic\":\"a\\nb\"}",
                "bad_request"),
            text(
                "topic name of 65 characters",
                "{\"op\":\"subscribe\",\"topic\":\"" + "t".repeat(65) + "\"}",
                "bad_request"),
            text(
                "params nested 33 deep",
                "{\"op\":\"subscribe\",\"topic\":\"ping\",\"params\":"
                    + "{\"a\":".repeat(33)
                    + "1"
                    + "}".repeat(33)
                    + "}",
                "bad_request"),
            text(
                "unsubscribe unknown sub", "{\"op\":\"unsubscribe\",\"sub\":\"s-x\"}", "not_found"),
            text("status unknown job", "{\"op\":\"status\",\"job\":\"j-nope\"}", "not_found"),
            text(
                "resume unknown sub",
                "{\"op\":\"subscribe\",\"resume\":{\"sub\":\"s-x\",\"after\":0}}",
                "not_found"),
            new Case("binary frame", c -> c.sendBinary(new byte[] {1, 2, 3}), "bad_request", true),
            new Case(
                "oversized frame (70 KiB)",
                c -> c.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}"),
                "frame_too_large",
                true),
            new Case(
                "subscribe before auth",
                c -> c.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}"),
                "unauthorized",
                false),
            new Case(
                "bad token (auth op)",
                c -> c.send("{\"op\":\"auth\",\"token\":\"made-up\"}"),
                "unauthorized",
                false),
            new Case(
                "replayed token (auth op)",
                c -> c.send("{\"op\":\"auth\",\"token\":\"" + used + "\"}"),
                "unauthorized",
                false));

    List<String> rows = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    for (Case c : cases) {
      TestClient client = c.authenticated() ? authenticated() : client();
      c.send().accept(client);
      JsonNode reply = client.next();
      rows.add(row(c.input(), reply));
      if (!c.expectedCode().equals(reply.path("code").asText())) {
        mismatches.add(c.input() + ": " + reply);
      }
      client.assertNextIsPong();
      client.close();
    }

    assertEquals(List.of(), mismatches);

    TestClient client = authenticated();
    client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
    client.next("subscribed");
    client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
    client.next("subscribed");
    client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
    JsonNode tooMany = client.next("error");
    rows.add(row("third subscription (limit 2)", tooMany));
    assertEquals("too_many_subscriptions", tooMany.path("code").asText());
    client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
    JsonNode flood = client.next("error");
    rows.add(row("fourth subscribe within a second (rate 3/s)", flood));
    assertEquals("rate_limited", flood.path("code").asText());

    TestClient badQuery = clientWithQuery("token=made-up");
    badQuery.next("welcome");
    JsonNode badToken = badQuery.next("error");
    rows.add(row("bad token in ?token=", badToken));
    assertEquals("unauthorized", badToken.path("code").asText());

    System.out.println("| input | answer | message |\n|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String row(String input, JsonNode reply) {
    return "| "
        + input
        + " | `"
        + reply.path("code").asText(reply.path("op").asText())
        + "` | "
        + reply.path("message").asText().replace("|", "\\|")
        + " |";
  }
}
