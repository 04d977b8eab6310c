package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.worker.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code jobwire dead list|retry|purge} against a real stack. */
class DeadCommandTest {
  @RegisterExtension static final StackExtension stack = StackExtension.workers(null);

  static final Duration WAIT = Duration.ofSeconds(10);

  record Run(int exit, String out) {}

  static Run jobwire(String... args) {
    var out = new StringWriter();
    var cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(out, true));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString());
  }

  @Test
  void dead_letters_are_listed_retried_and_purged_from_the_terminal() throws Exception {
    try (Worker worker = WorkerOptions.examples(2).apply(stack.get().broker().endpoint())) {
      worker.start();
      // a ping count over its maximum fails with bad_request, no retry: a dead letter at once
      String id =
          stack
              .get()
              .queue()
              .enqueue(io.jobwire.queue.JobRequest.of("ping", Codec.parse("{\"count\":5000}")));
      await()
          .atMost(WAIT)
          .until(() -> stack.get().queue().status(id).orElseThrow().state() == JobState.DEAD);

      Run list = jobwire("dead", "list", "--redis", stack.redisUri(), "--json");
      assertEquals(0, list.exit(), list.out());
      JsonNode letter = Codec.parse(list.out().strip());
      assertEquals(id, letter.path("job").asText());
      assertEquals("ping", letter.path("topic").asText());
      assertEquals(1, letter.path("attempts").asInt());
      assertEquals("bad_request", letter.path("error").path("code").asText());

      Run table = jobwire("dead", "list", "--redis", stack.redisUri());
      assertTrue(table.out().contains(id + "  topic=ping  attempts=1/"), table.out());
      assertTrue(table.out().contains("1 of 1 dead letters shown"), table.out());

      Run retry = jobwire("dead", "retry", id, "--redis", stack.redisUri());
      assertEquals(0, retry.exit(), retry.out());
      await() // it fails the same way again
          .atMost(WAIT)
          .until(() -> stack.get().queue().status(id).orElseThrow().state() == JobState.DEAD);
      assertEquals(1, jobwire("dead", "retry", "no-such-job", "--redis", stack.redisUri()).exit());

      Run unasked = jobwire("dead", "purge", "--redis", stack.redisUri());
      assertEquals(1, unasked.exit());
      assertTrue(unasked.out().contains("pass --yes to delete 1 dead letters"), unasked.out());
      Run purge = jobwire("dead", "purge", "--yes", "--redis", stack.redisUri());
      assertEquals("purged 1 dead letters", purge.out().strip());
      assertTrue(stack.get().queue().status(id).isEmpty());
      assertEquals("", jobwire("dead", "list", "--redis", stack.redisUri(), "--json").out());
    }
  }

  @Test
  void dead_has_help_for_each_subcommand() {
    Run help = jobwire("dead", "--help");
    assertTrue(
        help.out().contains("list") && help.out().contains("retry") && help.out().contains("purge"),
        help.out());
    assertTrue(jobwire("dead", "list", "--help").out().contains("--json"));
  }
}
