package io.jobwire.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.frontend.AuthMode;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.launcher.Main;
import io.jobwire.launcher.cli.TopicsFile;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.TokenStore;
import io.jobwire.queue.testing.TestRedis;
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
          "--resume-ms",
          "--auth-timeout-ms",
          "JOBWIRE_AUTH_TIMEOUT_MS",
          "--max-unauthenticated",
          "JOBWIRE_MAX_UNAUTHENTICATED",
          "--handshake-timeout-ms",
          "JOBWIRE_HANDSHAKE_TIMEOUT_MS",
          "--max-jobs-per-user",
          "JOBWIRE_MAX_JOBS_PER_USER",
          "--max-message-bytes",
          "JOBWIRE_MAX_MESSAGE_BYTES",
          "--jwt-jwks-url",
          "JOBWIRE_JWT_JWKS_URL",
          "--jwt-issuer",
          "JOBWIRE_JWT_ISSUER",
          "--jwt-audience",
          "JOBWIRE_JWT_AUDIENCE",
          "--jwt-leeway-ms",
          "JOBWIRE_JWT_LEEWAY_MS",
          "--admin-cookie-ttl-ms",
          "JOBWIRE_ADMIN_COOKIE_TTL_MS",
          "--admin-cookie-epoch",
          "JOBWIRE_ADMIN_COOKIE_EPOCH"
        }) {
      assertTrue(help.contains(flag), flag + " missing from --help");
    }
  }

  @Test
  void the_command_line_built_for_one_subcommand_takes_lower_case_values() {
    String[] args = {"frontend", "--history", "redis", "--auth", "none", "--log-level", "warn"};
    CommandLine cli = Main.commandLine(args);
    CommandLine.ParseResult parsed = cli.parseArgs(args);
    var frontend = (FrontendCommand) parsed.subcommand().commandSpec().userObject();
    assertEquals(AuthMode.NONE, frontend.auth);
  }

  @Test
  void the_hostile_input_flags_reach_the_configs() {
    var frontend = new FrontendCommand();
    new CommandLine(frontend)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(
            "--auth-timeout-ms",
            "2500",
            "--max-unauthenticated",
            "7",
            "--handshake-timeout-ms",
            "3000",
            "--max-jobs-per-user",
            "4",
            "--max-message-bytes",
            "2097152");
    var limits = frontend.options.builder().build().limits();
    assertEquals(Duration.ofMillis(2500), limits.authTimeout());
    assertEquals(7, limits.maxUnauthenticated());
    assertEquals(Duration.ofSeconds(3), limits.handshakeTimeout());
    assertEquals(4, limits.maxJobsPerUser());
    assertEquals(2097152, frontend.maxMessage.bytes);

    var broker = new BrokerCommand();
    new CommandLine(broker).parseArgs("--max-message-bytes", "2097152");
    assertEquals(2097152, broker.maxMessage.bytes);
    var workers = new WorkersCommand();
    new CommandLine(workers).parseArgs("--max-message-bytes", "2097152");
    assertEquals(2097152, workers.maxMessage.bytes);
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
                    + "\"timeout\":5000,\"retention\":{\"count\":7,\"ms\":9000},"
                    + "\"max_jobs_per_user\":3},\"plain\":{}}"));
    TopicOptions clock = topics.get("clock");
    assertEquals(Duration.ofSeconds(1), clock.every());
    assertTrue(clock.shared() && clock.perUser());
    assertEquals(2, clock.maxAttempts());
    assertEquals(Duration.ofSeconds(5), clock.timeout());
    assertEquals(7, clock.retention().maxMessages());
    assertEquals(Duration.ofSeconds(9), clock.retention().keepFor());
    assertEquals(3, clock.maxJobsPerUser());
    assertFalse(topics.get("plain").recurring());
    assertThrows(
        IllegalArgumentException.class,
        () -> TopicsFile.parse(Codec.parse("{\"t\":{\"evry\":10}}")));
  }
}
