package io.jobwire.queue;

import io.jobwire.queue.internal.LayoutMigration;
import java.util.function.Consumer;

/**
 * Moves a namespace's jobs from the layout before topic tags (every key {@code jobwire:{NS}:…}, one
 * slot) to the one a tag per topic ({@code jobwire:{NS#TAG}:…}; see docs/redis.md, "Upgrading").
 * Run it while no broker runs. Job ids stay as they were: the moved jobs' ids are noted in the
 * namespace's {@code legacy-ids} hash, where every tool finds their topic. Safe to run again: each
 * run moves what is left.
 */
public final class LayoutUpgrade {
  private LayoutUpgrade() {}

  /**
   * What a run found (or, in a dry run, would move).
   *
   * @param jobs job records moved (hashes of unfinished and dead jobs, finished jobs' records)
   * @param topics topics among them
   * @param queued jobs put on their topic's queue, and so on for the other sets
   */
  public record Report(
      long jobs,
      long topics,
      long queued,
      long delayed,
      long running,
      long dead,
      long keysDeleted) {}

  /**
   * Moves every job of {@code config}'s namespace from the earlier layout; {@code progress} hears a
   * line every 1,000 jobs and at the end. With {@code dryRun} nothing is written.
   */
  public static Report run(QueueConfig config, boolean dryRun, Consumer<String> progress) {
    try (var migration = new LayoutMigration(config, dryRun, progress)) {
      return migration.run();
    }
  }

  /** Brokers that published their record in the last few seconds (0: none seems to run). */
  public static int liveBrokers(QueueConfig config) {
    try (var migration = new LayoutMigration(config, true, line -> {})) {
      return migration.liveBrokers();
    }
  }
}
