package io.jobwire.broker.internal;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's side of the Redis queue: one method per Lua script, arguments and replies turned
 * into Java. Called from the {@code jobwire-broker} thread only.
 */
final class BrokerStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerStore.class);
  private static final ErrorInfo LOST =
      new ErrorInfo("lost", "the worker running the job went away and no attempts are left");
  private static final int DUE_LIMIT = 1000;

  private final RedisGateway redis;
  private final BrokerConfig config;
  private final String retention;
  private final String deadRetention;
  private long refusedDones;

  BrokerStore(RedisGateway redis, BrokerConfig config) {
    this.redis = redis;
    this.config = config;
    this.retention = config.queueConfig().retentionArgument();
    this.deadRetention = Long.toString(config.deadRetention().toMillis());
  }

  RedisGateway gateway() {
    return redis;
  }

  /**
   * Leases up to {@code workers.size()} jobs of {@code topic}, the i-th to {@code workers[i]}.
   * Pending {@code acks} ((worker, job id) pairs, flattened, as for {@link #ack}) are written first
   * in the same round trip; the list is emptied once they are (kept for the next write when Redis
   * refused them).
   */
  Claim claim(String topic, List<String> workers, List<String> acks, long now) {
    List<String> args = new ArrayList<>(workers.size() + 4);
    args.add(Long.toString(config.leaseDuration().toMillis()));
    args.add(retention);
    args.add(Integer.toString(config.policy(topic).maxAttempts()));
    args.add(topic);
    args.addAll(workers);
    if (acks.isEmpty()) {
      return claimed(redis.run(Scripts.CLAIM, now, args));
    }
    var replies =
        redis.runAll(
            now,
            List.of(
                new RedisGateway.ScriptCall(Scripts.ACK, ackArgs(acks)),
                new RedisGateway.ScriptCall(Scripts.CLAIM, args)));
    if (replies.get(0) instanceof RuntimeException e) {
      log.error("acks of {} jobs not written; trying again next turn", acks.size() / 2, e);
    } else {
      countRefused(replies.get(0));
      acks.clear();
    }
    if (replies.get(1) instanceof RuntimeException e) {
      throw e;
    }
    return claimed(replies.get(1));
  }

  @SuppressWarnings("unchecked")
  private static Claim claimed(Object replyObject) {
    var reply = (List<Object>) replyObject;
    var claimed = (List<Object>) reply.get(0);
    var expired = ((List<Object>) reply.get(1)).stream().map(DeadJob::from).toList();
    var created = (List<String>) reply.get(2);
    List<Job> jobs = new ArrayList<>(claimed.size());
    for (Object entry : claimed) {
      var f = (List<Object>) entry;
      String deadline = (String) f.get(8);
      jobs.add(
          new Job(
              (String) f.get(0),
              (String) f.get(1),
              Json.raw((String) f.get(2)),
              Json.text((String) f.get(3)),
              Json.text((String) f.get(4)),
              Json.raw((String) f.get(5)),
              ((Long) f.get(6)).intValue(),
              Integer.parseInt((String) f.get(7)),
              deadline.isEmpty() ? null : Long.valueOf(deadline)));
    }
    long retryAt = reply.size() > 3 ? (Long) reply.get(3) : 0;
    return new Claim(jobs, expired, jobs.size() + expired.size(), created, retryAt);
  }

  /**
   * Marks jobs succeeded that Redis has leased to the worker reporting them; {@code workerJobPairs}
   * is (worker, job id), flattened.
   */
  void ack(List<String> workerJobPairs, long now) {
    countRefused(redis.run(Scripts.ACK, now, ackArgs(workerJobPairs)));
  }

  /** {@code done} messages about jobs not leased to their sender, since start. */
  long refusedDones() {
    return refusedDones;
  }

  @SuppressWarnings("unchecked")
  private void countRefused(Object ackReply) {
    long refused = (Long) ((List<Object>) ackReply).get(1);
    if (refused > 0) {
      refusedDones += refused;
      log.warn("{} done message(s) refused: the jobs are not leased to their sender", refused);
    }
  }

  private List<String> ackArgs(List<String> workerJobPairs) {
    List<String> args = new ArrayList<>(workerJobPairs.size() + 1);
    args.add(retention);
    args.addAll(workerJobPairs);
    return args;
  }

  /**
   * The outcome of a {@code fail}: delayed, queued (handed back; then {@code topic} is set),
   * cancelled, stale, refused (not leased to that worker) or dead (then {@code dead} is set).
   */
  record FailOutcome(String state, DeadJob dead, String topic) {}

  @SuppressWarnings("unchecked")
  FailOutcome fail(
      String jobId,
      String worker,
      ErrorInfo error,
      boolean retry,
      boolean handback,
      long delayMs,
      long now) {
    var reply =
        (List<Object>)
            redis.run(
                Scripts.FAIL,
                now,
                List.of(
                    retention,
                    deadRetention,
                    jobId,
                    worker,
                    Json.write(error),
                    retry ? "1" : "0",
                    Long.toString(delayMs),
                    handback ? "1" : "0"));
    String state = (String) reply.get(0);
    return switch (state) {
      case "dead" -> new FailOutcome(state, DeadJob.from(reply.get(1)), null);
      case "queued" -> new FailOutcome(state, null, (String) reply.get(1));
      default -> new FailOutcome(state, null, null);
    };
  }

  /**
   * Puts back the running jobs of a worker that left or died, those leased until {@code leaseFloor}
   * at most; the recovery names the jobs put back (or finished).
   */
  Recovery requeue(String worker, List<String> jobIds, long leaseFloor, long now) {
    if (jobIds.isEmpty()) {
      return Recovery.NONE;
    }
    List<String> args = new ArrayList<>(jobIds.size() + 5);
    args.add(retention);
    args.add(deadRetention);
    args.add(Json.write(LOST));
    args.add(worker);
    args.add(Long.toString(leaseFloor));
    args.addAll(jobIds);
    return Recovery.from(redis.run(Scripts.REQUEUE, now, args));
  }

  /** What {@link #due} did: leases recovered and retries promoted, and jobs timed out. */
  record DueWork(Recovery recovery, List<Overdue> overdue) {}

  /**
   * The timed work, in one script call: requeues jobs whose lease expired, promotes due retries,
   * and fails running jobs past their deadline (plus {@code graceMs}) with {@code timeout}.
   */
  @SuppressWarnings("unchecked")
  DueWork due(long graceMs, long now) {
    var reply =
        (List<Object>)
            redis.run(
                Scripts.DUE,
                now,
                List.of(
                    retention,
                    deadRetention,
                    Json.write(LOST),
                    Integer.toString(DUE_LIMIT),
                    Long.toString(graceMs)));
    var records = (List<Object>) reply.get(3);
    var workers = (List<String>) reply.get(4);
    List<Overdue> overdue = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      overdue.add(new Overdue(DeadJob.from(records.get(i)), workers.get(i)));
    }
    return new DueWork(Recovery.from(reply), overdue);
  }

  /**
   * Extends the leases of the jobs workers report running; returns those asked to cancel, as
   * flattened (worker, job) pairs.
   */
  @SuppressWarnings("unchecked")
  List<String> extend(Map<String, List<String>> runningByWorker, long now) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(now + config.leaseDuration().toMillis()));
    runningByWorker.forEach(
        (worker, jobs) -> {
          for (String job : jobs) {
            args.add(worker);
            args.add(job);
          }
        });
    if (args.size() == 1) {
      return List.of();
    }
    return (List<String>) redis.run(Scripts.EXTEND, now, args);
  }

  /**
   * Finishes running jobs whose cancel was asked and whose worker was told; returns those whose
   * subscribers are to hear {@code failed}.
   */
  List<DeadJob> cancelled(List<String> jobIds, long now) {
    List<String> args = new ArrayList<>(jobIds.size() + 1);
    args.add(retention);
    args.addAll(jobIds);
    return deadJobs(redis.run(Scripts.CANCELLED, now, args));
  }

  /** Up to {@code limit} notices of cancelled queued jobs, taken for this broker to send. */
  List<DeadJob> notices(int limit, long now) {
    return deadJobs(redis.run(Scripts.NOTICES, now, List.of(Integer.toString(limit))));
  }

  private static List<DeadJob> deadJobs(Object reply) {
    List<DeadJob> jobs = new ArrayList<>();
    for (Object record : (List<?>) reply) {
      jobs.add(DeadJob.from(record));
    }
    return jobs;
  }

  /** A running job failed for running past its deadline, and the worker to tell. */
  record Overdue(DeadJob job, String worker) {}

  /** A job's topic (null when unknown) and its current attempt, as needed to pick a backoff. */
  record Run(String topic, int attempt) {
    Run(Job job) {
      this(job.topic(), job.attempt());
    }
  }

  Run run(String jobId) {
    List<String> fields = redis.call(r -> r.hmget(redis.keys().job(jobId), "topic", "attempts"));
    String attempts = fields.get(1);
    return new Run(fields.get(0), attempts == null ? 1 : Math.max(1, Integer.parseInt(attempts)));
  }

  /** The running jobs Redis has leased to {@code worker}. */
  @SuppressWarnings("unchecked")
  List<String> owned(String worker, long now) {
    return (List<String>) redis.run(Scripts.OWNED, now, List.of(worker));
  }

  @Override
  public void close() {
    redis.close();
  }
}
