package io.jobwire.queue.redis;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.QueueUnavailableException;
import io.jobwire.queue.RedisConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Every Redis call of the queue and the broker goes through here: a Retry for dropped connections
 * (with exponential backoff), inside it a CircuitBreaker so that, while Redis is down, callers get
 * a {@link QueueUnavailableException} at once instead of waiting on timeouts. Only connection
 * failures count; a Redis error reply (a bug) is thrown as it is.
 *
 * <p>Retrying a script whose reply was lost may run it twice. Most scripts are safe so: enqueue
 * checks for its own earlier run (see {@link #runAllMarkingRetries}), an ack, fail, extend or
 * requeue run twice finds its work done. The claim is not: run twice it leases a second batch while
 * the first stays leased to slots the broker never heard of until the lease expires. So a script
 * marked {@link LuaScript#withoutRetry} (the claim), and a pipeline holding one, runs once: a
 * dropped connection fails it at once, and the broker claims again on its next turn. (An idempotent
 * claim would need claim.lua to find the jobs of the lost run, one more write per claim on the job
 * path; not worth it for a reply lost on a dropped connection.)
 */
public final class RedisGateway implements AutoCloseable {
  private final QueueConfig config;
  private final RedisKeys keys;
  private final UnifiedJedis client;
  private final CircuitBreaker breaker;
  private final Retry retry;
  private final TopicTags tags;
  // The breaker stays closed until several calls failed: one failure alone must not read as health.
  private volatile boolean lastCallReached = true;

  public RedisGateway(QueueConfig config) {
    this.config = config;
    this.keys = new RedisKeys(config.namespace());
    this.client = RedisConnections.client(config.redisUri());
    this.breaker =
        CircuitBreaker.of(
            "redis",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(1)
                .waitDurationInOpenState(config.breakerOpenFor())
                .recordExceptions(JedisConnectionException.class)
                .build());
    this.retry =
        Retry.of(
            "redis",
            RetryConfig.custom()
                .maxAttempts(config.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(config.retryBackoff(), 2))
                .retryExceptions(JedisConnectionException.class)
                .build());
    this.tags = new TopicTags(this);
  }

  public QueueConfig config() {
    return config;
  }

  public RedisKeys keys() {
    return keys;
  }

  /** The topics' tags (see {@link RedisKeys}), cached for this gateway's life. */
  public TopicTags tags() {
    return tags;
  }

  /** True while the circuit breaker is closed and the last call reached Redis. */
  public boolean healthy() {
    return lastCallReached && breaker.getState() == CircuitBreaker.State.CLOSED;
  }

  /** Runs one Redis operation with retry and circuit breaker. */
  public <T> T call(Function<UnifiedJedis, T> operation) {
    return call(operation, true);
  }

  /** As {@link #call(Function)}; tried once only unless {@code retried}. */
  private <T> T call(Function<UnifiedJedis, T> operation, boolean retried) {
    try {
      Supplier<T> once = CircuitBreaker.decorateSupplier(breaker, () -> operation.apply(client));
      T reply = (retried ? Retry.decorateSupplier(retry, once) : once).get();
      lastCallReached = true;
      return reply;
    } catch (CallNotPermittedException e) {
      lastCallReached = false;
      throw new QueueUnavailableException(
          "Redis at "
              + RedisConnections.redacted(config.redisUri())
              + " is unavailable (recent calls failed); failing fast for up to "
              + config.breakerOpenFor().toMillis()
              + " ms, then trying again",
          e);
    } catch (JedisConnectionException e) {
      lastCallReached = false;
      throw new QueueUnavailableException(
          "cannot reach Redis at "
              + RedisConnections.redacted(config.redisUri())
              + " ("
              + e.getMessage()
              + "); check that redis-server runs there",
          e);
    }
  }

  /**
   * Runs a script with KEYS = {@code keys}, all in one slot (one topic's, see {@link
   * RedisKeys.TopicKeys#all}, or one batch's), and ARGV = prefix, now, then {@code args}.
   */
  public Object run(LuaScript script, List<String> keys, long now, List<String> args) {
    List<String> argv = argv(now, args);
    return call(redis -> script.run(redis, keys, argv));
  }

  /**
   * Runs a script with KEYS = {@code keys} and ARGV = {@code argv} exactly as given, for scripts
   * whose arguments are not (prefix, now, ...), such as the front end's.
   */
  public Object runExactly(LuaScript script, List<String> keys, List<String> argv) {
    return call(redis -> script.run(redis, keys, argv), script.retried());
  }

  private List<String> argv(long now, List<String> args) {
    List<String> argv = new ArrayList<>(args.size() + 2);
    argv.add(keys.prefix());
    argv.add(Long.toString(now));
    argv.addAll(args);
    return argv;
  }

  /** One script to run with {@link #runAll}: KEYS = {@code keys}, ARGV = prefix, now, then args. */
  public record ScriptCall(LuaScript script, List<String> keys, List<String> args) {}

  /**
   * As {@link #runAll}, for scripts whose first argument says whether the call may have run before:
   * {@code "0"} on the first try, {@code "1"} when it is tried again after a dropped connection.
   * Such a script checks for its own earlier effects only then (see enqueue.lua).
   */
  public List<Object> runAllMarkingRetries(long now, List<ScriptCall> calls) {
    return runAllMarkingRetries(now, calls, List.of());
  }

  /** The same, with {@code after} (not marked) behind {@code calls} in the same round trip. */
  public List<Object> runAllMarkingRetries(
      long now, List<ScriptCall> calls, List<ScriptCall> after) {
    boolean[] tried = {false};
    List<ScriptCall> all = new ArrayList<>(calls);
    all.addAll(after);
    return runAll(
        now,
        all,
        () -> {
          String marker = tried[0] ? "1" : "0";
          tried[0] = true;
          List<ScriptCall> marked = new ArrayList<>(all.size());
          for (ScriptCall c : calls) {
            List<String> args = new ArrayList<>(c.args().size() + 1);
            args.add(marker);
            args.addAll(c.args());
            marked.add(new ScriptCall(c.script(), c.keys(), args));
          }
          marked.addAll(after);
          return marked;
        });
  }

  /**
   * Runs scripts in order in one round trip (a pipeline; under Redis Cluster, one per node), with
   * retry and circuit breaker; the replies in the same order. A script's error reply does not hide
   * the others: its place holds the exception. A dropped connection throws, and a retry runs them
   * all again.
   */
  public List<Object> runAll(long now, List<ScriptCall> calls) {
    return runAll(now, calls, () -> calls);
  }

  private List<Object> runAll(
      long now, List<ScriptCall> given, Supplier<List<ScriptCall>> eachTry) {
    boolean retried = given.stream().allMatch(c -> c.script().retried());
    return call(
        redis -> {
          List<ScriptCall> calls = eachTry.get();
          List<List<String>> argvs = calls.stream().map(c -> argv(now, c.args())).toList();
          List<Response<Object>> responses = new ArrayList<>(calls.size());
          try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i = 0; i < calls.size(); i++) {
              ScriptCall c = calls.get(i);
              responses.add(c.script().queue(pipeline, c.keys(), argvs.get(i)));
            }
            pipeline.sync();
          }
          List<Object> replies = new ArrayList<>(calls.size());
          for (int i = 0; i < calls.size(); i++) {
            ScriptCall c = calls.get(i);
            try {
              replies.add(c.script().reply(responses.get(i), redis, c.keys(), argvs.get(i)));
            } catch (JedisDataException e) {
              replies.add(e);
            }
          }
          return replies;
        },
        retried);
  }

  @Override
  public void close() {
    client.close();
  }
}
