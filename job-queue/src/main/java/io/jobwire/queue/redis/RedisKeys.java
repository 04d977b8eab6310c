package io.jobwire.queue.redis;

import java.util.List;

/**
 * The one place that names jobwire's Redis keys.
 *
 * <p><b>The layout rule.</b> A key holds either one topic's work or the namespace's shared state:
 *
 * <ul>
 *   <li><b>Topic keys</b> start with {@code jobwire:{NS#TAG}:}. {@code TAG} is the topic's tag, a
 *       short number the namespace's {@code tags} hash gives each topic the first time a job of it
 *       is enqueued. The braces are a Redis Cluster hash tag: one topic's keys share a slot, and
 *       different topics' keys have different tags, so under {@code redis-cluster://} the topics
 *       spread over the masters. A job id carries its topic's tag ({@code j12-…}, see {@link
 *       #tagOf}), so every tool finds a job's hash from its id alone.
 *   <li><b>Namespace keys</b> start with {@code jobwire:{NS}:}: the tags, channels, tokens, the
 *       front ends' subscription state and the published process records.
 * </ul>
 *
 * <p>A Lua script on a job's path works on one topic: it gets that topic's fixed keys ({@link
 * TopicKeys#all}) as {@code KEYS}, in that order, and names job hashes from {@code KEYS[1]}'s tag
 * ({@code common.lua} spells them exactly as {@link TopicKeys#job} does). Every script starts with
 * {@code #!lua}, so Redis refuses any access outside the slot of its declared keys: a script cannot
 * touch two slots. To add a per-topic key (a paused flag, a rate window): add it to {@link
 * TopicKeys} and to the end of {@link TopicKeys#all}, and name it {@code KEYS[n]} in {@code
 * common.lua}. A namespace-wide key goes here beside {@link #tags()}; no job-path script may touch
 * one.
 *
 * <pre>
 * jobwire:{NS#T}:job:ID      HASH  one unfinished (or dead) job: topic, params (JSON), user,
 *                                  reply_to, route (JSON), state, attempts, max_attempts,
 *                                  deadline (epoch ms or ""), score (queue rank), unique (its
 *                                  idempotency key K, or ""), created, updated (clock ms), worker,
 *                                  error (JSON {code,message}), cancel ("1" once cancel was asked
 *                                  while it ran), progress (JSON, optional), batch (its batch, or
 *                                  absent), lim ("1" when claimed under its topic's max_running,
 *                                  "2" under max_running_per_user: it is in the running sets
 *                                  below). Dead letters get a PEXPIRE (dead retention).
 * jobwire:{NS#T}:job:ID      STRING a finished job's compact record (see finish in common.lua)
 * jobwire:{NS#T}:queue       ZSET  the topic's pending jobs, scored by rank: (start + priority
 *                                  offset ms) * 1024 + seq % 1024 (start: run_at, or for a job due
 *                                  now max(now, its user's fair clock + 10 ms)), i.e. oldest first
 *                                  with priorities as a bounded head start (see JobPriority).
 *                                  Requeued jobs keep their score, so they run before newer ones.
 * jobwire:{NS#T}:inflight    ZSET  the topic's running jobs, scored by lease expiry (clock ms)
 * jobwire:{NS#T}:delayed     ZSET  jobs waiting for a retry or their run_at, scored by due time
 * jobwire:{NS#T}:deadlines   ZSET  running jobs that have a deadline, scored by it (clock ms)
 * jobwire:{NS#T}:dead        ZSET  dead letters, scored by time of death (clock ms)
 * jobwire:{NS#T}:unique      HASH  idempotency key K -> id of the unfinished job holding it
 * jobwire:{NS#T}:seq         STRING the topic's enqueue counter
 * jobwire:{NS#T}:flow        HASH  flow limits: max_running, max_running_per_user, rate, rate_ms
 *                                  (absent = no limit), and the rate's current window and the
 *                                  jobs started in it (claim.lua)
 * jobwire:{NS#T}:running     SET   running jobs of a topic with max_running or a per-user limit
 * jobwire:{NS#T}:running/USER SET  running jobs of one user of such a topic (named from the topic's
 *                                  prefix in Lua, like job hashes; not in TopicKeys#all)
 * jobwire:{NS#T}:fair        ZSET  fair sharing: each user's clock (ms; member "" for jobs without
 *                                  a user), the start of its latest job due now; clocks behind now
 *                                  are trimmed, the key expires once its latest clock has passed
 * jobwire:{NS#T}:paused      STRING set (to the clock ms it was paused at) while the topic is
 *                                  paused: claim.lua takes none of its jobs
 * jobwire:{NS#T}:runs        HASH  where runs of the topic's schedules go while clients follow
 *                                  them: reply_to, route (JSON), stream (shared stream id), until
 *                                  (clock ms); refreshed by the front end holding the stream
 * jobwire:{NS#T}:notices     LIST  `failed` notices (JSON {id, reply_to, route, error}) that
 *                                  cancel.lua left for any broker to send to front ends
 * jobwire:{NS#T}:batched     LIST  finished batch children of the topic ({b, j, s, e} JSON) that a
 *                                  broker has still to count in their batch (batch_finish.lua)
 * jobwire:{NS#T}:ticks       HASH  the guard of the topic's schedules: name -> next run (clock ms);
 *                                  fire.lua takes a tick only while it still holds that tick
 * jobwire:{NS#T}:standby     HASH  brokers standing by for the topic's next jobs: broker id ->
 *                                  token (JSON: until, lease, retention, default max attempts,
 *                                  the free slots' workers); enqueue.lua leases a job to one and
 *                                  publishes it on the broker's handoff channel (lease.lua)
 * jobwire:{NS}:tags          HASH  topic -> its tag T (every topic that ever had a job)
 * jobwire:{NS}:tag-seq       STRING the last tag given
 * jobwire:{NS}:legacy-ids    HASH  job id -> tag, for the jobs `jobwire migrate` moved from the
 *                                  layout before tags (their ids carry no tag)
 * jobwire:{NS}:schedules     ZSET  schedule names, scored by their next run (clock ms): the
 *                                  schedulers' index (when to wake, what is due); the guard is
 *                                  the topic's ticks hash
 * jobwire:{NS}:schedule:NAME HASH  one schedule: def (JSON: topic, params, cron or every_ms,
 *                                  zone, misfire, ...), next, last (clock ms of the last run),
 *                                  job (its job id), skipped (ticks skipped as misfires), runs
 * jobwire:{NS}:schedule      channel  PUBLISHed with a name when a schedule is added or removed
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
 * jobwire:{NS}:wake          channel  PUBLISHed with a topic when jobs of it are enqueued
 * jobwire:{NS}:cancel        channel  PUBLISHed with a job id when a running job is cancelled, or
 *                                  a queued one whose subscribers are to be told
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
 * jobwire:{NS}:token:T       STRING a one-time WebSocket token T -> its user (TokenStore)
 * jobwire:{NS}:workers       HASH  worker id -> JSON {id, topics, capacity, busy, last_seen, broker,
 *                                  updated}; written by the worker's broker at most once a second
 * jobwire:{NS}:brokers       HASH  broker id -> JSON counters (see MonitorSnapshot.BrokerInfo)
 * jobwire:{NS}:frontends     HASH  front end id -> JSON counters (see MonitorSnapshot.FrontendInfo)
 * </pre>
 *
 * <p>The last three are what processes publish about themselves: every record has {@code updated}
 * (epoch ms, wall clock); readers skip records older than {@code Monitor.FRESH_MILLIS}, and each
 * hash expires when nobody wrote it for {@link #OBSERVED_EXPIRE_MILLIS}. {@link EarlierLayout}
 * names the keys of the layout before tags, which only {@code jobwire migrate} reads.
 */
public final class RedisKeys {
  public static final String DEFAULT_NAMESPACE = "main";

  /** How long a published process record hash lives after its last write. */
  public static final long OBSERVED_EXPIRE_MILLIS = 60_000;

  private final String namespace;
  private final String prefix;

  public RedisKeys(String namespace) {
    if (namespace == null || namespace.isBlank() || namespace.matches(".*[{}\\s].*")) {
      throw new IllegalArgumentException("bad namespace '" + namespace + "'");
    }
    this.namespace = namespace;
    this.prefix = "jobwire:{" + namespace + "}:";
  }

  /** {@code jobwire:{NS}:}, the namespace keys' prefix; passed to every script as ARGV[1]. */
  public String prefix() {
    return prefix;
  }

  /** The keys of the topic whose tag is {@code tag}. */
  public TopicKeys topic(String tag) {
    return new TopicKeys("jobwire:{" + namespace + "#" + tag + "}:");
  }

  /**
   * The tag a job id carries ({@code j} + tag + {@code -} + random), or {@code ""} for an id that
   * carries none (one made before tags: see {@link #legacyIds()}).
   */
  public static String tagOf(String jobId) {
    int dash = jobId.indexOf('-');
    if (!jobId.startsWith("j") || dash < 2) {
      return "";
    }
    for (int i = 1; i < dash; i++) {
      if (!Character.isDigit(jobId.charAt(i))) {
        return "";
      }
    }
    return jobId.substring(1, dash);
  }

  /** A job id carrying {@code tag}: {@code j} + tag + {@code -} + {@code random}. */
  static String jobId(String tag, String random) {
    return "j" + tag + "-" + random;
  }

  /** The hash of a job whose id carries its tag. */
  public String job(String id) {
    return topic(tagOf(id)).job(id);
  }

  public String tags() {
    return prefix + "tags";
  }

  public String tagSeq() {
    return prefix + "tag-seq";
  }

  public String legacyIds() {
    return prefix + "legacy-ids";
  }

  public String wakeChannel() {
    return prefix + "wake";
  }

  /**
   * The channel of one broker (its id): jobs enqueue.lua leased to that broker's workers
   * (lease.lua).
   */
  public String handoffChannel(String broker) {
    return prefix + "handoff:" + broker;
  }

  public String cancelChannel() {
    return prefix + "cancel";
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
  public List<String> batchKeys(String id) {
    return List.of(batch(id), batchChildren(id), batchJobs(id), batchReady(id));
  }

  /** The open batches. */
  public String batches() {
    return prefix + "batches";
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

  /** A shared topic's stream across front ends (written by the front end's share.lua). */
  public String share(String streamId) {
    return prefix + "share:" + streamId;
  }

  public String frontendChannel(String frontendId) {
    return prefix + "fe:" + frontendId;
  }

  public String frontendsChannel() {
    return prefix + "fe-all";
  }

  /** A SCAN pattern matching every subscription's hash and history. */
  public String subscriptionPattern() {
    return prefix + "sub:*";
  }

  /** A SCAN pattern matching every job record of every topic. */
  public String jobPattern() {
    return "jobwire:{" + namespace + "#*}:job:*";
  }

  /** A one-time WebSocket token. */
  public String token(String token) {
    return prefix + "token:" + token;
  }

  /** The workers the brokers saw, published by their brokers. */
  public String workers() {
    return prefix + "workers";
  }

  /** The brokers' published records. */
  public String brokers() {
    return prefix + "brokers";
  }

  /** The front ends' published records. */
  public String frontends() {
    return prefix + "frontends";
  }

  /** The keys of the layout before tags, for {@code jobwire migrate}. */
  public EarlierLayout earlierLayout() {
    return new EarlierLayout(prefix);
  }

  /** The layout before tags: one set of each kind per namespace, keys {@code jobwire:{NS}:…}. */
  public record EarlierLayout(String prefix) {
    public String job(String id) {
      return prefix + "job:" + id;
    }

    public String jobPattern() {
      return job("*");
    }

    public String queue(String topic) {
      return prefix + "queue:" + topic;
    }

    public String queuePattern() {
      return queue("*");
    }

    /** The prefix of a topic's idempotency keys; the key name follows it. */
    public String uniquePrefix(String topic) {
      return prefix + "unique:" + topic + ":";
    }

    public String uniquePattern() {
      return prefix + "unique:*";
    }

    public String inflight() {
      return prefix + "inflight";
    }

    public String delayed() {
      return prefix + "delayed";
    }

    public String deadlines() {
      return prefix + "deadlines";
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
  }

  /** One topic's keys: {@code jobwire:{NS#TAG}:…}, one slot. */
  public record TopicKeys(String prefix) {
    public String job(String id) {
      return prefix + "job:" + id;
    }

    public String queue() {
      return prefix + "queue";
    }

    public String inflight() {
      return prefix + "inflight";
    }

    public String delayed() {
      return prefix + "delayed";
    }

    public String deadlines() {
      return prefix + "deadlines";
    }

    public String dead() {
      return prefix + "dead";
    }

    public String unique() {
      return prefix + "unique";
    }

    public String seq() {
      return prefix + "seq";
    }

    /** Flow limits and the rate window (see {@link io.jobwire.queue.FlowLimits}). */
    public String flow() {
      return prefix + "flow";
    }

    /** The running jobs of a topic with a flow limit. */
    public String running() {
      return prefix + "running";
    }

    /** The running jobs of one user of a topic with a per-user limit; '/' is never in a topic. */
    public String running(String user) {
      return prefix + "running/" + user;
    }

    /** Fair-sharing clocks, one per user (see enqueue.lua). */
    public String fair() {
      return prefix + "fair";
    }

    /** Set while the topic is paused. */
    public String paused() {
      return prefix + "paused";
    }

    /** Where runs of the topic's schedules go. */
    public String runs() {
      return prefix + "runs";
    }

    /** {@code failed} notices cancel.lua left for a broker to send. */
    public String notices() {
      return prefix + "notices";
    }

    /** Finished batch children of the topic not yet counted in their batch. */
    public String batchOutbox() {
      return prefix + "batched";
    }

    /** The guard of the topic's schedules: name to next run (fire.lua). */
    public String ticks() {
      return prefix + "ticks";
    }

    /** The brokers standing by for the topic's next jobs: broker id to token (lease.lua). */
    public String standby() {
      return prefix + "standby";
    }

    /** A job-path script's KEYS, in the order {@code common.lua} reads them. */
    public List<String> all() {
      return List.of(
          queue(),
          inflight(),
          delayed(),
          deadlines(),
          dead(),
          unique(),
          seq(),
          flow(),
          running(),
          fair(),
          paused(),
          runs(),
          notices(),
          batchOutbox(),
          ticks(),
          standby());
    }
  }
}
