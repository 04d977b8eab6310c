package io.jobwire.launcher.admin;

import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.queue.LayoutUpgrade;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.RedisConnections;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobwire migrate}: moves jobs from the layout before topic tags (docs/redis.md). */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Moves a namespace's queued, delayed, running, dead and finished jobs from the Redis layout"
          + " before topic tags (every key jobwire:{NS}:..., one Redis Cluster slot) to a hash tag"
          + " per topic (jobwire:{NS#TAG}:...). Job ids stay the same. Stop every broker first;"
          + " workers and front ends may stay up. Safe to run again: each run moves what is left.",
      "See docs/redis.md, \"Upgrading\"."
    })
public final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RedisOption redis;

  @Option(
      names = "--namespace",
      defaultValue = "${env:JOBWIRE_NAMESPACE:-" + QueueConfig.DEFAULT_NAMESPACE + "}",
      description = "The key namespace to move (env JOBWIRE_NAMESPACE; default ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--dry-run",
      defaultValue = "${env:JOBWIRE_MIGRATE_DRY_RUN:-false}",
      description = "Count what would move, write nothing (env JOBWIRE_MIGRATE_DRY_RUN=true).")
  boolean dryRun;

  @Option(
      names = "--force",
      defaultValue = "${env:JOBWIRE_MIGRATE_FORCE:-false}",
      description =
          "Run even though a broker published its record in the last 5 s (env"
              + " JOBWIRE_MIGRATE_FORCE=true). A broker running meanwhile can lose track of the"
              + " jobs being moved.")
  boolean force;

  @Override
  public Integer call() {
    var config = QueueConfig.builder().redisUri(redis.uri).namespace(namespace).build();
    var out = spec.commandLine().getOut();
    int live = LayoutUpgrade.liveBrokers(config);
    if (live > 0 && !dryRun && !force) {
      spec.commandLine()
          .getErr()
          .printf(
              "%d broker(s) still run against %s (namespace %s): stop them first, or pass --force%n",
              live, RedisConnections.redacted(redis.uri), namespace);
      return 1;
    }
    out.printf(
        "%s namespace %s at %s%n",
        dryRun ? "Dry run: nothing is written;" : "Moving",
        namespace,
        RedisConnections.redacted(redis.uri));
    LayoutUpgrade.run(config, dryRun, line -> out.println(line));
    return 0;
  }
}
