package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.launcher.jobs.RunCommand;
import io.jobwire.protocol.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code jobwire run} as its own process, the way a shell runs it: Ctrl-C cancels the job. */
class RunCommandIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Pattern JOB = Pattern.compile("subscribed sub=\\S+ job=(\\S+)");

  @RegisterExtension static final StackExtension stack = StackExtension.examples(2);

  @Test
  void ctrl_c_unsubscribes_so_the_job_is_cancelled_and_exits_130() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    Path out = logs.resolve("run-ctrl-c.out");
    Path err = logs.resolve("run-ctrl-c.err");
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = System.getProperty("jobwire.jar", "target/jobwire.jar");
    Process run =
        new ProcessBuilder(
                List.of(
                    java,
                    "-jar",
                    jar,
                    "run",
                    "ping",
                    "--params",
                    "{\"count\":100,\"interval_ms\":100}",
                    "--url",
                    stack.webSocketUrl()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      await().atMost(WAIT).until(() -> Files.readString(out).contains("progress 2 "));
      Matcher job = JOB.matcher(Files.readString(err));
      assertTrue(job.find(), Files.readString(err));

      new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor();

      assertTrue(run.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "run did not exit");
      assertEquals(RunCommand.INTERRUPTED, run.exitValue(), Files.readString(err));
      assertTrue(Files.readString(err).contains("cancelled"), Files.readString(err));
      await().atMost(WAIT).until(() -> stack.stateOf(job.group(1)) == JobState.CANCELLED);
    } finally {
      run.destroyForcibly();
    }
  }
}
