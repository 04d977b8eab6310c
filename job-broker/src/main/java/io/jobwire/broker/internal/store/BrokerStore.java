package io.jobwire.broker.internal.store;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.Job;
import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.LuaScript;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.ScriptReply;
import io.jobwire.queue.redis.Scripts;
import io.jobwire.runtime.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The broker's side of the Redis queue: one method per Lua script, arguments and replies turned
 * into Java. Called from the {@code jobwire-broker} thread only.
 */
public final class BrokerStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerStore.class);
  private static final ErrorInfo LOST =
      new ErrorInfo("lost", "the worker running the job went away and no attempts are left");
  private static final int DUE_LIMIT = 1000;

  /** How often the list of topics the timed work runs over is read again. */
  private static final long TOPICS_MAX_AGE_MS = 1000;

  /**
   * {@code -Djobwire.internal.broker-handoff=false}: the broker never stands by for a topic's next
   * jobs (lease.lua), every job waits for its claim as before the hand-off; for A/B benchmarks.
   */
  public static final boolean HANDOFF =
      Boolean.parseBoolean(System.getProperty("jobwire.internal.broker-handoff", "true"));

  /**
   * A standby token outlives its broker's periodic claim (at least once a second, see BrokerLoop)
   * by this many of them, so a live broker's token never lapses and a dead broker's soon does.
   */
  private static final int STANDBY_PERIODS = 3;

  private final RedisGateway redis;
  private final BrokerConfig config;
  private final String broker;
  private final String standbyMs;
  private final String retention;
  private final String deadRetention;
  private long refusedDones;
  private final QuietTopics quiet = new QuietTopics();
  private final RateLimitedLog ackFailures =
      new RateLimitedLog(log, Level.ERROR, Duration.ofSeconds(10));

  public BrokerStore(RedisGateway redis, BrokerConfig config) {
    this(redis, config, "");
  }

  /**
   * @param broker this broker's id, named by its standby tokens and its handoff channel ({@link
   *     io.jobwire.queue.redis.RedisKeys#handoffChannel}); "" when it never stands by
   */
  public BrokerStore(RedisGateway redis, BrokerConfig config, String broker) {
    this.redis = redis;
    this.config = config;
    this.broker = broker;
    long period = Math.max(config.pollInterval().toMillis(), 1000);
    this.standbyMs = Long.toString(STANDBY_PERIODS * period);
    this.retention = config.queueConfig().retentionArgument();
    this.deadRetention = Long.toString(config.deadRetention().toMillis());
  }

  public RedisGateway gateway() {
    return redis;
  }

  /**
   * Leases up to {@code workers.size()} jobs of {@code topic}, the i-th to {@code workers[i]}.
   * Pending {@code acks} ((worker, job id) pairs, flattened, as for {@link #ack}) are written first
   * in the same round trip; the list is emptied once they are (kept for the next write when Redis
   * refused them).
   */
  public Claim claim(String topic, List<String> workers, List<String> acks, long now) {
    return claim(topic, workers, false, false, Map.of(), acks, now);
  }

  /**
   * As {@link #claim(String, List, List, long)}, and this broker's standby token on the topic is
   * taken back when it {@code holds} one (the slots of jobs handed and not among those {@code
   * arrived} since its last claim on the topic, worker name to count, are left out) and, when
   * {@code standBy}, one is left naming the slots the claim could not fill ({@link
   * Claim#standing}).
   */
  public Claim claim(
      String topic,
      List<String> workers,
      boolean holds,
      boolean standBy,
      Map<String, Integer> arrived,
      List<String> acks,
      long now) {
    List<RedisGateway.ScriptCall> calls = ackCalls(acks);
    int ackCalls = calls.size();
    String tag = redis.tags().find(topic);
    if (tag != null) {
      List<String> args = new ArrayList<>(workers.size() + 7);
      args.add(Long.toString(config.leaseDuration().toMillis()));
      args.add(retention);
      args.add(Integer.toString(config.policy(topic).maxAttempts()));
      args.add(topic);
      args.add(broker);
      args.add(standBy && !broker.isEmpty() ? standbyMs : "0");
      args.add(holds ? "1" : "0");
      args.add(Integer.toString(arrived.size() * 2));
      arrived.forEach(
          (worker, count) -> {
            args.add(worker);
            args.add(Integer.toString(count));
          });
      args.addAll(workers);
      calls.add(new RedisGateway.ScriptCall(Scripts.CLAIM, redis.keys().topic(tag).all(), args));
    }
    if (calls.isEmpty()) {
      return Claim.NONE;
    }
    var replies = redis.runAll(now, calls);
    RuntimeException ackError = null;
    for (Object reply : replies.subList(0, ackCalls)) {
      if (reply instanceof RuntimeException e) {
        ackError = e;
      } else {
        countRefused(reply);
      }
    }
    if (ackError != null) {
      // an ack written twice changes nothing (ack.lua leaves a finished job alone)
      ackFailures.log(
          "acks of {} jobs not written; trying again next turn", acks.size() / 2, ackError);
    } else {
      acks.clear();
    }
    if (tag == null) {
      return Claim.NONE;
    }
    if (replies.get(ackCalls) instanceof RuntimeException e) {
      throw e;
    }
    Claim claim = Claim.from(replies.get(ackCalls));
    if (!claim.jobs().isEmpty()) {
      quiet.busy(tag);
    }
    return claim;
  }

  /** Jobs of {@code topic} were handed to this broker: it runs some, as after a claim. */
  public void handed(String topic) {
    String tag = redis.tags().find(topic);
    if (tag != null) {
      quiet.busy(tag);
    }
  }

  /**
   * Takes this broker's standby tokens off {@code topics} (it stops): no enqueue hands it a job any
   * more. Best effort: a token left behind lapses within {@value #STANDBY_PERIODS} periods.
   */
  public void standDown(Collection<String> topics) {
    for (String topic : topics) {
      String tag = redis.tags().find(topic);
      if (tag != null) {
        String key = redis.keys().topic(tag).standby();
        redis.call(r -> r.hdel(key, broker));
      }
    }
  }

  /**
   * Marks jobs succeeded that Redis has leased to the worker reporting them; {@code workerJobPairs}
   * is (worker, job id), flattened.
   */
  public void ack(List<String> workerJobPairs, long now) {
    for (Object reply : redis.runAll(now, ackCalls(workerJobPairs))) {
      if (reply instanceof RuntimeException e) {
        throw e;
      }
      countRefused(reply);
    }
  }

  /** {@code done} messages about jobs not leased to their sender, since start. */
  public long refusedDones() {
    return refusedDones;
  }

  private void countRefused(Object ackReply) {
    long refused = ScriptReply.of(Scripts.ACK, ackReply).number(1);
    if (refused > 0) {
      refusedDones += refused;
      log.warn("{} done message(s) refused: the jobs are not leased to their sender", refused);
    }
  }

  /** One ack.lua call per topic of the jobs in {@code workerJobPairs}. */
  private List<RedisGateway.ScriptCall> ackCalls(List<String> workerJobPairs) {
    return perTopic(Scripts.ACK, List.of(retention), workerJobPairs, 2, 1);
  }

  /**
   * One call of {@code script} per topic: {@code flat} holds records of {@code width} values, the
   * {@code idAt}-th a job id; each call gets {@code head}, then the records of its topic's jobs.
   */
  private List<RedisGateway.ScriptCall> perTopic(
      LuaScript script, List<String> head, List<String> flat, int width, int idAt) {
    Map<String, List<String>> byTag = new LinkedHashMap<>();
    for (int i = 0; i + width <= flat.size(); i += width) {
      String tag = redis.tags().ofJob(flat.get(i + idAt));
      byTag.computeIfAbsent(tag, t -> new ArrayList<>(head)).addAll(flat.subList(i, i + width));
    }
    List<RedisGateway.ScriptCall> calls = new ArrayList<>(byTag.size() + 1);
    byTag.forEach(
        (tag, args) ->
            calls.add(new RedisGateway.ScriptCall(script, redis.keys().topic(tag).all(), args)));
    return calls;
  }

  /** The replies of {@code calls}, in one round trip; the first error reply is thrown. */
  private List<Object> runAll(List<RedisGateway.ScriptCall> calls, long now) {
    if (calls.isEmpty()) {
      return List.of();
    }
    List<Object> replies = redis.runAll(now, calls);
    for (Object reply : replies) {
      if (reply instanceof RuntimeException e) {
        throw e;
      }
    }
    return replies;
  }

  /**
   * The outcome of a {@code fail}: delayed, queued (handed back; then {@code topic} is set),
   * cancelled, stale, refused (not leased to that worker) or dead (then {@code dead} is set).
   */
  public record FailOutcome(String state, DeadJob dead, String topic) {
    /** From fail.lua's reply: {state[, dead record | topic]}. */
    static FailOutcome from(Object replyObject) {
      ScriptReply reply = ScriptReply.of(Scripts.FAIL, replyObject);
      String state = reply.string(0);
      return switch (state) {
        case "dead" -> new FailOutcome(state, DeadJob.from(reply.list(1)), null);
        case "queued" -> new FailOutcome(state, null, reply.string(1));
        default -> new FailOutcome(state, null, null);
      };
    }
  }

  public FailOutcome fail(
      String jobId,
      String worker,
      ErrorInfo error,
      boolean retry,
      boolean handback,
      long delayMs,
      long now) {
    FailOutcome outcome =
        FailOutcome.from(
            redis.run(
                Scripts.FAIL,
                redis.tags().keysOfJob(jobId).all(),
                now,
                List.of(
                    retention,
                    deadRetention,
                    jobId,
                    worker,
                    Json.write(error),
                    retry ? "1" : "0",
                    Long.toString(delayMs),
                    handback ? "1" : "0")));
    if (outcome.state().equals("delayed")) {
      quiet.busy(redis.tags().ofJob(jobId));
    }
    return outcome;
  }

  /**
   * Puts back the running jobs of a worker that left or died, those leased until {@code leaseFloor}
   * at most; the recovery names the jobs put back (or finished).
   */
  public Recovery requeue(String worker, List<String> jobIds, long leaseFloor, long now) {
    if (jobIds.isEmpty()) {
      return Recovery.NONE;
    }
    List<String> head =
        List.of(retention, deadRetention, Json.write(LOST), worker, Long.toString(leaseFloor));
    return Recovery.merge(
        runAll(perTopic(Scripts.REQUEUE, head, jobIds, 1, 0), now).stream()
            .map(reply -> Recovery.from(ScriptReply.of(Scripts.REQUEUE, reply)))
            .toList());
  }

  /** What {@link #due} did: leases recovered and retries promoted, and jobs timed out. */
  public record DueWork(Recovery recovery, List<Overdue> overdue) {}

  /**
   * The timed work, one script call per topic in one round trip: requeues jobs whose lease expired,
   * promotes due retries, and fails running jobs past their deadline (plus {@code graceMs}) with
   * {@code timeout}. The list of topics is read again once a second, and a quiet topic looked at
   * once a second (see {@link QuietTopics}); both now when {@code readTopicsNow}. So a delayed job
   * put on an idle topic by another process may come due up to a second late.
   */
  public DueWork due(long graceMs, boolean readTopicsNow, long now) {
    List<String> args =
        List.of(
            retention,
            deadRetention,
            Json.write(LOST),
            Integer.toString(DUE_LIMIT),
            Long.toString(graceMs));
    List<RedisGateway.ScriptCall> calls = new ArrayList<>();
    long maxAge = readTopicsNow ? 0 : TOPICS_MAX_AGE_MS;
    long nanos = System.nanoTime();
    List<String> tags = new ArrayList<>();
    for (String tag : redis.tags().all(maxAge).values()) {
      if (readTopicsNow || !quiet.skip(tag, nanos)) {
        tags.add(tag);
        calls.add(new RedisGateway.ScriptCall(Scripts.DUE, redis.keys().topic(tag).all(), args));
      }
    }
    List<Recovery> recoveries = new ArrayList<>();
    List<Overdue> overdue = new ArrayList<>();
    List<Object> replies = runAll(calls, now);
    for (int t = 0; t < replies.size(); t++) {
      // due.lua: {topics, dead, jobs, overdue records, their workers, 1 when the topic is quiet}
      ScriptReply reply = ScriptReply.of(Scripts.DUE, replies.get(t));
      quiet.found(tags.get(t), reply.number(5) == 1, nanos);
      List<ScriptReply> records = reply.list(3).lists();
      List<String> workers = reply.list(4).strings();
      for (int i = 0; i < records.size(); i++) {
        overdue.add(new Overdue(DeadJob.from(records.get(i)), workers.get(i)));
      }
      recoveries.add(Recovery.from(reply));
    }
    return new DueWork(Recovery.merge(recoveries), overdue);
  }

  /**
   * Extends the leases of the jobs workers report running; returns those asked to cancel, as
   * flattened (worker, job) pairs.
   */
  public List<String> extend(Map<String, List<String>> runningByWorker, long now) {
    List<String> pairs = new ArrayList<>();
    runningByWorker.forEach(
        (worker, jobs) -> {
          for (String job : jobs) {
            pairs.add(worker);
            pairs.add(job);
          }
        });
    List<String> head = List.of(Long.toString(now + config.leaseDuration().toMillis()));
    List<String> cancel = new ArrayList<>();
    for (Object reply : runAll(perTopic(Scripts.EXTEND, head, pairs, 2, 1), now)) {
      cancel.addAll(ScriptReply.strings(Scripts.EXTEND, reply));
    }
    return cancel;
  }

  /**
   * Finishes running jobs whose cancel was asked and whose worker was told; returns those whose
   * subscribers are to hear {@code failed}.
   */
  public List<DeadJob> cancelled(List<String> jobIds, long now) {
    return deadJobs(
        Scripts.CANCELLED,
        runAll(perTopic(Scripts.CANCELLED, List.of(retention), jobIds, 1, 0), now));
  }

  /**
   * Up to {@code limit} notices of cancelled queued jobs per topic (each topic keeps its own),
   * taken for this broker to send.
   */
  public List<DeadJob> notices(int limit, long now) {
    List<RedisGateway.ScriptCall> calls = new ArrayList<>();
    List<String> args = List.of(Integer.toString(limit));
    for (String tag : redis.tags().all(TOPICS_MAX_AGE_MS).values()) {
      calls.add(new RedisGateway.ScriptCall(Scripts.NOTICES, redis.keys().topic(tag).all(), args));
    }
    return deadJobs(Scripts.NOTICES, runAll(calls, now));
  }

  private static List<DeadJob> deadJobs(LuaScript script, List<Object> replies) {
    List<DeadJob> jobs = new ArrayList<>();
    for (Object reply : replies) {
      for (ScriptReply record : ScriptReply.of(script, reply).lists()) {
        jobs.add(DeadJob.from(record));
      }
    }
    return jobs;
  }

  /** A running job failed for running past its deadline, and the worker to tell. */
  public record Overdue(DeadJob job, String worker) {}

  /** A job's topic (null when unknown) and its current attempt, as needed to pick a backoff. */
  public record Run(String topic, int attempt) {
    public Run(Job job) {
      this(job.topic(), job.attempt());
    }
  }

  public Run run(String jobId) {
    String key = redis.tags().keysOfJob(jobId).job(jobId);
    List<String> fields = redis.call(r -> r.hmget(key, "topic", "attempts"));
    String attempts = fields.get(1);
    return new Run(fields.get(0), attempts == null ? 1 : Math.max(1, Integer.parseInt(attempts)));
  }

  /** The running jobs Redis has leased to {@code worker}, whatever their topic. */
  public List<String> owned(String worker, long now) {
    List<RedisGateway.ScriptCall> calls = new ArrayList<>();
    for (String tag : redis.tags().all(TOPICS_MAX_AGE_MS).values()) {
      calls.add(
          new RedisGateway.ScriptCall(
              Scripts.OWNED, redis.keys().topic(tag).all(), List.of(worker)));
    }
    List<String> owned = new ArrayList<>();
    for (Object reply : runAll(calls, now)) {
      owned.addAll(ScriptReply.strings(Scripts.OWNED, reply));
    }
    return owned;
  }

  @Override
  public void close() {
    redis.close();
  }
}
