package io.jobwire.broker.internal;

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
 *                                  while it ran), progress (JSON, optional). Dead letters get a
 *                                  PEXPIRE (dead retention).
 * jobwire:{NS#T}:job:ID      STRING a finished job's compact record (see finish in common.lua)
 * jobwire:{NS#T}:queue       ZSET  the topic's pending jobs, scored by rank: (max(now, run_at) +
 *                                  priority offset ms) * 1024 + seq % 1024, i.e. oldest first with
 *                                  priorities as a bounded head start (see JobPriority). Requeued
 *                                  jobs keep their score, so they run before newer ones.
 * jobwire:{NS#T}:inflight    ZSET  the topic's running jobs, scored by lease expiry (clock ms)
 * jobwire:{NS#T}:delayed     ZSET  jobs waiting for a retry or their run_at, scored by due time
 * jobwire:{NS#T}:deadlines   ZSET  running jobs that have a deadline, scored by it (clock ms)
 * jobwire:{NS#T}:dead        ZSET  dead letters, scored by time of death (clock ms)
 * jobwire:{NS#T}:unique      HASH  idempotency key K -> id of the unfinished job holding it
 * jobwire:{NS#T}:seq         STRING the topic's enqueue counter
 * jobwire:{NS}:tags          HASH  topic -> its tag T (every topic that ever had a job)
 * jobwire:{NS}:tag-seq       STRING the last tag given
 * jobwire:{NS}:legacy-ids    HASH  job id -> tag, for the jobs `jobwire migrate` moved from the
 *                                  layout before tags (their ids carry no tag)
 * jobwire:{NS}:wake          channel  PUBLISHed with a topic when jobs of it are enqueued
 * jobwire:{NS}:cancel        channel  PUBLISHed with a job id when a running job is cancelled
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

  public String cancelChannel() {
    return prefix + "cancel";
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

    /** A job-path script's KEYS, in the order {@code common.lua} reads them. */
    public List<String> all() {
      return List.of(queue(), inflight(), delayed(), deadlines(), dead(), unique(), seq());
    }
  }
}
