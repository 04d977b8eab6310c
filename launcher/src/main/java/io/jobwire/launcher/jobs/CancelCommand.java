package io.jobwire.launcher.jobs;

import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.QueueConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jobwire cancel JOB}: stop a job; its subscribers hear {@code failed}/{@code cancelled}.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancel a job: a queued or delayed one is dropped, a running one's worker gets cancel. Its"
          + " subscribers get failed with code cancelled.",
      "  jobwire cancel j-91c"
    })
public final class CancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Parameters(paramLabel = "JOB", description = "The job's id.")
  String job;

  @Override
  public Integer call() {
    try (JobQueue queue = JobQueue.redis(QueueConfig.builder().redisUri(redis.uri).build())) {
      if (!queue.cancel(job, true)) {
        spec.commandLine()
            .getErr()
            .println("job " + job + " is unknown or already finished (see: jobwire status)");
        return 1;
      }
    }
    spec.commandLine().getOut().println("cancelled " + job);
    return 0;
  }
}
