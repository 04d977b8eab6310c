package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code jobwire dead list|retry|purge} against a real stack. */
class DeadCommandTest {
  @RegisterExtension static final StackExtension stack = StackExtension.workers(null);

  static final Duration WAIT = Duration.ofSeconds(10);

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

      CliRun list = CliRun.jobwire("dead", "list", "--redis", stack.redisUri(), "--json");
      assertEquals(0, list.exit(), list.output());
      JsonNode letter = Codec.parse(list.output().strip());
      assertEquals(id, letter.path("job").asText());
      assertEquals("ping", letter.path("topic").asText());
      assertEquals(1, letter.path("attempts").asInt());
      assertEquals("bad_request", letter.path("error").path("code").asText());

      CliRun table = CliRun.jobwire("dead", "list", "--redis", stack.redisUri());
      assertTrue(table.output().contains(id + "  topic=ping  attempts=1/"), table.output());
      assertTrue(table.output().contains("1 of 1 dead letters shown"), table.output());

      CliRun retry = CliRun.jobwire("dead", "retry", id, "--redis", stack.redisUri());
      assertEquals(0, retry.exit(), retry.output());
      await() // it fails the same way again
          .atMost(WAIT)
          .until(() -> stack.get().queue().status(id).orElseThrow().state() == JobState.DEAD);
      assertEquals(
          1, CliRun.jobwire("dead", "retry", "no-such-job", "--redis", stack.redisUri()).exit());

      CliRun unasked = CliRun.jobwire("dead", "purge", "--redis", stack.redisUri());
      assertEquals(1, unasked.exit());
      assertTrue(
          unasked.output().contains("pass --yes to delete 1 dead letters"), unasked.output());
      CliRun purge = CliRun.jobwire("dead", "purge", "--yes", "--redis", stack.redisUri());
      assertEquals("purged 1 dead letters", purge.output().strip());
      assertTrue(stack.get().queue().status(id).isEmpty());
      assertEquals(
          "", CliRun.jobwire("dead", "list", "--redis", stack.redisUri(), "--json").output());
    }
  }

  @Test
  void dead_has_help_for_each_subcommand() {
    CliRun help = CliRun.jobwire("dead", "--help");
    assertTrue(
        help.output().contains("list")
            && help.output().contains("retry")
            && help.output().contains("purge"),
        help.output());
    assertTrue(CliRun.jobwire("dead", "list", "--help").output().contains("--json"));
  }
}
