package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.TokenStore;
import io.jobwire.broker.testing.TestRedis;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.protocol.Codec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jobwire token issue}, the new front end flags and the topics file. */
class TokenAndOptionsTest {

  @Test
  void token_issue_prints_a_token_alone_on_its_last_line_that_consumes_once() {
    try (TestRedis redis = TestRedis.start();
        TokenStore tokens = TokenStore.redis(redis.uri())) {
      var out = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));
      var stdout = System.out;
      var captured = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(captured, true));
      int exit;
      try {
        exit = cli.execute("token", "issue", "alice", "--ttl", "30", "--redis", redis.uri());
      } finally {
        System.setOut(stdout);
      }
      assertEquals(0, exit);
      String[] lines = captured.toString().strip().split("\n");
      String token = lines[lines.length - 1].strip();
      assertTrue(token.matches("[A-Za-z0-9_-]{22,}"), token);
      assertEquals(java.util.Optional.of("alice"), tokens.consume(token));
      assertEquals(java.util.Optional.empty(), tokens.consume(token));
    }
  }

  @Test
  void frontend_help_lists_every_new_flag_with_its_environment_variable() {
    var out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.execute("frontend", "--help");
    String help = out.toString();
    for (String flag :
        new String[] {
          "--auth",
          "JOBWIRE_AUTH",
          "--jwt-secret",
          "JOBWIRE_JWT_SECRET",
          "--admin-key",
          "JOBWIRE_ADMIN_KEY",
          "--topics-file",
          "--allowed-origins",
          "--max-connections",
          "--idle-timeout-ms",
          "--max-outbound-bytes",
          "--max-outbound-messages",
          "--max-subscriptions",
          "--subscribe-rate",
          "--subscribe-rate-per-user",
          "--resume-count",
          "--resume-ms"
        }) {
      assertTrue(help.contains(flag), flag + " missing from --help");
    }
  }

  @Test
  void jwt_without_a_secret_is_refused_before_starting() {
    var err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    var stderr = System.err;
    System.setErr(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));
    try {
      assertEquals(
          2,
          cli.execute(
              "frontend", "--auth", "jwt", "--port", "0", "--ingress", "tcp://127.0.0.1:*"));
    } finally {
      System.setErr(stderr);
    }
  }

  @Test
  void the_topics_file_sets_every_option_and_refuses_unknown_ones() throws Exception {
    Map<String, TopicOptions> topics =
        TopicsFile.parse(
            Codec.parse(
                "{\"clock\":{\"every\":1000,\"shared\":true,\"private\":true,\"max_attempts\":2,"
                    + "\"timeout\":5000,\"retention\":{\"count\":7,\"ms\":9000}},\"plain\":{}}"));
    TopicOptions clock = topics.get("clock");
    assertEquals(Duration.ofSeconds(1), clock.every());
    assertTrue(clock.shared() && clock.perUser());
    assertEquals(2, clock.maxAttempts());
    assertEquals(Duration.ofSeconds(5), clock.timeout());
    assertEquals(7, clock.retention().maxMessages());
    assertEquals(Duration.ofSeconds(9), clock.retention().keepFor());
    assertFalse(topics.get("plain").recurring());
    assertThrows(
        IllegalArgumentException.class,
        () -> TopicsFile.parse(Codec.parse("{\"t\":{\"evry\":10}}")));
  }
}
