package io.jobwire.broker.internal;

/**
 * The one place that names jobwire's Redis keys.
 *
 * <p>Every key starts with {@code jobwire:{NS}:}, where {@code NS} is the queue's namespace
 * (default {@code main}). The braces are a Redis Cluster hash tag: all keys of one namespace live
 * in one slot, so every Lua script may touch any of them atomically. Scripts get the prefix as
 * {@code ARGV[1]} and the sequence key as {@code KEYS[1]} (which routes the call to the right
 * node); {@code common.lua} builds the other names exactly as this class does.
 *
 * <pre>
 * jobwire:{NS}:job:ID        HASH  one job: topic, params (JSON), user, reply_to, route (JSON),
 *                                  state, attempts, max_attempts, deadline (epoch ms or ""),
 *                                  seq, score (queue rank), unique (its idempotency key's
 *                                  name, or ""), created, updated (clock ms), worker, error (JSON
 *                                  {code,message}), cancel ("1" once cancel was asked while it
 *                                  ran), progress (JSON, optional), lim ("1" when claimed under
 *                                  its topic's max_running, "2" under max_running_per_user: it is in
 *                                  the running sets below). Finished jobs get a PEXPIRE
 *                                  (retention; dead letters: dead retention).
 * jobwire:{NS}:queue:TOPIC   ZSET  pending jobs of a topic, scored by rank: (start + priority
 *                                  offset ms) * 1024 + seq % 1024 (start: run_at, or for a job due
 *                                  now max(now, its user's fair clock + 10 ms)), i.e. oldest first with
 *                                  priorities as a bounded head start (see JobPriority). Requeued
 *                                  jobs keep their score, so they run before newer ones.
 * jobwire:{NS}:fair:TOPIC    ZSET  fair sharing: each user's clock (ms; member "" for jobs without
 *                                  a user), the start of its latest job due now; clocks behind now
 *                                  are trimmed, the key expires once its latest clock has passed
 * jobwire:{NS}:flow:TOPIC    HASH  flow limits: max_running, max_running_per_user, rate, rate_ms
 *                                  (absent = no limit), and the rate's current window and the
 *                                  jobs started in it (claim.lua)
 * jobwire:{NS}:running:TOPIC SET   running jobs of a topic with max_running or a per-user limit
 * jobwire:{NS}:running:TOPIC/USER SET  running jobs of one user of such a topic
 * jobwire:{NS}:unique:TOPIC:K STRING id of the unfinished job holding idempotency key K; deleted
 *                                  when that job finishes
 * jobwire:{NS}:inflight      ZSET  running jobs, scored by lease expiry (clock ms)
 * jobwire:{NS}:delayed       ZSET  jobs waiting for a retry or their run_at, scored by due time
 * jobwire:{NS}:deadlines     ZSET  running jobs that have a deadline, scored by it (clock ms)
 * jobwire:{NS}:dead          ZSET  dead letters, scored by time of death (clock ms)
 * jobwire:{NS}:topics        SET   every topic that ever had a job (for status and tools)
 * jobwire:{NS}:seq           STRING the enqueue sequence counter
 * jobwire:{NS}:wake          channel  PUBLISHed with a topic when jobs of it are enqueued
 * jobwire:{NS}:cancel        channel  PUBLISHed with a job id when a running job is cancelled, or
 *                                  a queued one whose subscribers are to be told
 * jobwire:{NS}:paused:TOPIC  STRING set (to the clock ms it was paused at) while the topic is
 *                                  paused: claim.lua takes none of its jobs
 * jobwire:{NS}:notices       LIST  `failed` notices (JSON {id, reply_to, route, error}) that
 *                                  cancel.lua left for any broker to send to front ends
 * jobwire:{NS}:schedules     ZSET  schedule names, scored by their next run (clock ms)
 * jobwire:{NS}:schedule:NAME HASH  one schedule: def (JSON: topic, params, cron or every_ms,
 *                                  zone, misfire, ...), next, last (clock ms of the last run),
 *                                  job (its job id), skipped (ticks skipped as misfires), runs
 * jobwire:{NS}:schedule      channel  PUBLISHed with a name when a schedule is added or removed
 * jobwire:{NS}:runs:TOPIC    HASH  where runs of TOPIC's schedules go while clients follow them:
 *                                  reply_to, route (JSON), stream (shared stream id), until
 *                                  (clock ms); refreshed by the front end holding the stream
 * jobwire:{NS}:batched:TOPIC LIST  finished batch children of TOPIC ({b, j, s, e} JSON) that a
 *                                  broker has still to count in their batch (batch_finish.lua)
 * jobwire:{NS}:batch:B       HASH  a batch: total, finished, succeeded, failed, state (open |
 *                                  complete), reply_to, route, callback (job id), callback_state,
 *                                  created, ended, w:CHILD (dependencies it waits for), b:DEP
 *                                  (children waiting for DEP, comma-separated)
 * jobwire:{NS}:batch:B:children HASH finished children: id -> {n, s (state), e (error code)}
 * jobwire:{NS}:batch:B:jobs  HASH  children not queued yet (and the callback): id -> enqueue args
 * jobwire:{NS}:batch:B:ready SET   of those, the ones free to be queued now
 *                                  (a batch's keys expire with the retention once it completed)
 * jobwire:{NS}:batches       ZSET  open batches by creation time (clock ms), swept by the brokers
 * jobwire:{NS}:batched       channel  PUBLISHed with a topic when a batch child of it finished
 * jobwire:{NS}:sub:S         HASH  a front end's subscription S (ws-frontend, history redis):
 *                                  topic, user, stream (route.sub of its jobs), params (JSON),
 *                                  job, seq (last delivered), dedup (JSON), finished, fe (owner
 *                                  front end id), m:SEQ (its newest deliveries, JSON, as many as
 *                                  the resume window keeps). PEXPIREs after twice the window.
 * jobwire:{NS}:sub:S:history LIST  its deliveries as front ends before m:SEQ kept them (read on
 *                                  takeover, deleted on release; see docs/redis.md, "Upgrading")
 * jobwire:{NS}:moved:FE      HASH  subscriptions taken over from front end FE: id, new owner
 * jobwire:{NS}:share:ID      HASH  a shared topic's stream across front ends: fe (lease holder),
 *                                  until (lease end), job, m:FE (front ends with members)
 * jobwire:{NS}:fe:ID         channel  messages for front end ID (moved subscriptions, forwards)
 * jobwire:{NS}:fe-all        channel  messages for every front end (publish, shared streams)
 * </pre>
 */
public final class RedisKeys {
  public static final String DEFAULT_NAMESPACE = "main";

  private final String prefix;

  public RedisKeys(String namespace) {
    if (namespace == null || namespace.isBlank() || namespace.matches(".*[{}\\s].*")) {
      throw new IllegalArgumentException("bad namespace '" + namespace + "'");
    }
    this.prefix = "jobwire:{" + namespace + "}:";
  }

  /** {@code jobwire:{NS}:}, passed to every script as ARGV[1]. */
  public String prefix() {
    return prefix;
  }

  public String job(String id) {
    return prefix + "job:" + id;
  }

  public String queue(String topic) {
    return prefix + "queue:" + topic;
  }

  /** A topic's fair-sharing clocks, one per user (see enqueue.lua). */
  public String fair(String topic) {
    return prefix + "fair:" + topic;
  }

  /** A topic's flow limits and rate window (see {@link io.jobwire.broker.FlowLimits}). */
  public String flow(String topic) {
    return prefix + "flow:" + topic;
  }

  /** The running jobs of a topic with a flow limit. */
  public String running(String topic) {
    return prefix + "running:" + topic;
  }

  /** The running jobs of one user of a topic with a per-user limit; '/' is never in a topic. */
  public String running(String topic, String user) {
    return prefix + "running:" + topic + "/" + user;
  }

  public String inflight() {
    return prefix + "inflight";
  }

  public String delayed() {
    return prefix + "delayed";
  }

  public String dead() {
    return prefix + "dead";
  }

  public String topics() {
    return prefix + "topics";
  }

  public String seq() {
    return prefix + "seq";
  }

  public String wakeChannel() {
    return prefix + "wake";
  }

  public String cancelChannel() {
    return prefix + "cancel";
  }

  /** Set while {@code topic} is paused; a topic's key (moves with the topic's other keys). */
  public String paused(String topic) {
    return prefix + "paused:" + topic;
  }

  /** Where runs of {@code topic}'s schedules go; a topic's key. */
  public String runs(String topic) {
    return prefix + "runs:" + topic;
  }

  public String notices() {
    return prefix + "notices";
  }

  public String schedules() {
    return prefix + "schedules";
  }

  public String schedule(String name) {
    return prefix + "schedule:" + name;
  }

  public String scheduleChannel() {
    return prefix + "schedule";
  }

  /** A batch's hash; its other keys are this name plus {@code :children}, {@code :jobs}, … */
  public String batch(String id) {
    return prefix + "batch:" + id;
  }

  public String batchChildren(String id) {
    return batch(id) + ":children";
  }

  public String batchJobs(String id) {
    return batch(id) + ":jobs";
  }

  public String batchReady(String id) {
    return batch(id) + ":ready";
  }

  /** What every batch script gets as KEYS: the batch, its children, jobs and ready. */
  public java.util.List<String> batchKeys(String id) {
    return java.util.List.of(batch(id), batchChildren(id), batchJobs(id), batchReady(id));
  }

  /** The open batches. */
  public String batches() {
    return prefix + "batches";
  }

  /** Finished batch children of {@code topic} not yet counted in their batch. */
  public String batchOutbox(String topic) {
    return prefix + "batched:" + topic;
  }

  public String batchedChannel() {
    return prefix + "batched";
  }

  public String subscription(String id) {
    return prefix + "sub:" + id;
  }

  public String subscriptionHistory(String id) {
    return prefix + "sub:" + id + ":history";
  }

  public String frontendChannel(String frontendId) {
    return prefix + "fe:" + frontendId;
  }

  public String frontendsChannel() {
    return prefix + "fe-all";
  }
}
