package io.jobwire.queue;

import io.jobwire.protocol.JobState;

/**
 * A schedule as it stands in Redis.
 *
 * @param schedule its definition
 * @param nextRun when it fires next (epoch ms)
 * @param lastRun when it last queued a job (epoch ms), or null if never
 * @param lastJob that job's id, or null
 * @param lastOutcome that job's state (null when unknown or its record expired)
 * @param runs how many jobs it queued
 * @param skipped how many ticks the misfire policy skipped
 */
public record ScheduleStatus(
    Schedule schedule,
    long nextRun,
    Long lastRun,
    String lastJob,
    JobState lastOutcome,
    long runs,
    long skipped) {}
