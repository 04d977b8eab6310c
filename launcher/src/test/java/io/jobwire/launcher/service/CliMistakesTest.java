package io.jobwire.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.launcher.CliRun;
import io.jobwire.launcher.Main;
import io.jobwire.launcher.admin.TokenCommand;
import io.jobwire.launcher.jobs.PushCommand;
import io.jobwire.launcher.jobs.StatusCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Ordinary mistakes get one clear line, not a stack trace or the whole help. */
public class CliMistakesTest {
  static final String NO_REDIS = "redis://127.0.0.1:1";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "enqueue --topic ping --redis " + NO_REDIS,
        "token issue alice --redis " + NO_REDIS,
        "dead list --redis " + NO_REDIS,
        "dead retry j-1 --redis " + NO_REDIS,
        "enqueue --topic ping --redis http://127.0.0.1:1",
      })
  void an_unusable_redis_is_one_line_and_exit_1(String line) {
    CliRun run = CliRun.jobwire(line.split(" "));
    assertEquals(1, run.exit(), run::toString);
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
    assertTrue(run.err().startsWith("jobwire "), run.err());
    assertTrue(run.err().toLowerCase().contains("redis"), run.err());
  }

  @Test
  void a_bad_limit_or_schedule_is_a_bad_flag_found_before_redis_is_asked() {
    for (String[] line :
        List.of(
            new String[] {"topic", "limit", "render", "--rate", "10/x"},
            new String[] {"topic", "limit", "render", "--max-running", "-1"},
            new String[] {
              "schedule", "add", "nightly", "--topic", "report", "--cron", "61 * * * *"
            })) {
      String[] args = Arrays.copyOf(line, line.length + 2);
      args[line.length] = "--redis";
      args[line.length + 1] = NO_REDIS;
      CliRun run = CliRun.jobwire(args);
      assertEquals(2, run.exit(), run::toString);
      assertFalse(run.err().toLowerCase().contains("cannot reach"), run.err());
    }
  }

  @Test
  void a_bad_value_prints_the_error_and_a_hint_not_the_whole_help() {
    CliRun run = CliRun.jobwire("frontend", "--auth", "basic");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--auth"), run.err());
    assertTrue(run.err().contains("jobwire frontend --help"), run.err());
    assertFalse(run.err().contains("Usage:"), run.err());
    assertTrue(run.err().lines().count() <= 3, run.err());
  }

  @Test
  void a_short_jwt_secret_is_named_by_its_flag() {
    CliRun run =
        CliRun.jobwire("frontend", "--auth", "jwt", "--jwt-secret", "short", "--port", "0");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--jwt-secret"), run.err());
    assertFalse(run.err().contains("jwtSecret"), run.err());
  }

  @Test
  void lower_case_enum_defaults_parse_when_only_one_command_is_built() {
    CliRun run = CliRun.jobwire("frontend", "--help");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("--history"), run.out());
  }

  @Test
  void the_quick_command_list_is_the_full_one() {
    CliRun quick = CliRun.jobwire("--help");
    var full = new StringWriter();
    Main.commandLine().setOut(new PrintWriter(full)).execute("--help");
    assertEquals(0, quick.exit());
    assertEquals(full.toString(), quick.out());
    assertTrue(quick.out().contains("enqueue"), quick.out());
  }

  @Test
  void help_of_a_nested_command_is_its_own() {
    CliRun run = CliRun.jobwire("help", "token", "issue");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("token issue"), run.out());
    assertTrue(run.out().contains("--ttl"), run.out());
  }

  @ParameterizedTest
  @CsvSource({"3s,3000", "250ms,250", "10m,600000", "PT3S,3000", "pt3s,3000", "2,2000", "0.5,500"})
  void every_duration_flag_takes_the_same_forms(String text, long millis) {
    var push = new PushCommand();
    new CommandLine(push).parseArgs("--sub", "s-1", "--data", "{}", "--timeout", text);
    assertEquals(Duration.ofMillis(millis), push.timeout);

    var status = new StatusCommand();
    new CommandLine(status).parseArgs("--interval", text);
    assertEquals(Duration.ofMillis(millis), status.interval);

    var issue = new TokenCommand.Issue();
    new CommandLine(issue).parseArgs("alice", "--ttl", text);
    assertEquals(Duration.ofMillis(millis), issue.ttl);
  }

  @ParameterizedTest
  @CsvSource({"5s,5000", "5000,5000", "PT1M,60000", "250ms,250"})
  void a_millisecond_flag_takes_durations_too_and_a_bare_number_is_ms(String text, long millis) {
    var frontend = new FrontendCommand();
    new CommandLine(frontend)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--idle-timeout-ms", text, "--resume-ms", text);
    assertEquals(millis, frontend.options.idleTimeoutMs);
    assertEquals(millis, frontend.options.resumeMs);
  }

  @Test
  void a_bad_duration_says_which_forms_work() {
    CliRun run = CliRun.jobwire("push", "--sub", "s-1", "--data", "{}", "--timeout", "3 seconds");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("250ms, 3s, 10m"), run.err());
  }
}
