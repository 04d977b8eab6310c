package io.jobwire.broker.internal;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.broker.BrokerStats;
import io.jobwire.broker.internal.loop.BrokerEvents;
import io.jobwire.broker.internal.loop.BrokerLoop;
import io.jobwire.broker.internal.loop.Signal;
import io.jobwire.broker.internal.loop.Wakeup;
import io.jobwire.broker.internal.observe.BrokerMetrics;
import io.jobwire.broker.internal.observe.JobMeter;
import io.jobwire.broker.internal.outcome.BatchDriver;
import io.jobwire.broker.internal.schedule.Scheduler;
import io.jobwire.broker.internal.store.BrokerStore;
import io.jobwire.queue.RedisConnections;
import io.jobwire.queue.RedisSubscription;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisSchedules;
import io.jobwire.runtime.Health;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the broker's threads: {@code jobwire-broker} ({@link BrokerLoop}: sockets,
 * bookkeeping, Redis calls), {@code jobwire-broker-events} ({@link BrokerEvents}: Redis pub/sub)
 * and {@code jobwire-broker-scheduler} ({@link Scheduler}: fires schedules) and {@code
 * jobwire-broker-batches} ({@link BatchDriver}: batches). Methods here run on the caller's thread
 * and only talk to the loop through its inbox.
 */
public final class ZmqBroker implements Broker {
  private static final Logger log = LoggerFactory.getLogger(ZmqBroker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final String endpoint;
  private final BrokerLoop loop;
  private final Thread thread;
  private final RedisSubscription events;
  private final Queue<Signal> inbox;
  private final Wakeup wakeup;
  private final RedisGateway redis;
  private final MeterRegistry meters;
  private final Scheduler scheduler;
  private final Thread schedulerThread;
  private final BatchDriver batches;
  private volatile boolean closed;

  private ZmqBroker(
      String endpoint,
      BrokerLoop loop,
      Thread thread,
      RedisSubscription events,
      Queue<Signal> inbox,
      Wakeup wakeup,
      RedisGateway redis,
      MeterRegistry meters,
      Scheduler scheduler,
      Thread schedulerThread,
      BatchDriver batches) {
    this.endpoint = endpoint;
    this.loop = loop;
    this.thread = thread;
    this.events = events;
    this.inbox = inbox;
    this.wakeup = wakeup;
    this.redis = redis;
    this.meters = meters;
    this.scheduler = scheduler;
    this.schedulerThread = schedulerThread;
    this.batches = batches;
  }

  public static Broker start(BrokerConfig config) {
    var redis = new RedisGateway(config.queueConfig());
    var wakeup = new Wakeup();
    Queue<Signal> inbox = new ConcurrentLinkedQueue<>();
    var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // subscribed before the loop runs: it stands by for topics only while handed jobs reach it
    String id = BrokerStore.HANDOFF ? brokerId() : "";
    var scheduler = new Scheduler(new RedisSchedules(redis, false), config.clock());
    var events =
        BrokerEvents.start(
            config.redisUri(), redis.keys(), inbox, wakeup, scheduler, id, Duration.ofSeconds(2));
    var loop =
        new BrokerLoop(
            config,
            new BrokerStore(redis, config, id),
            inbox,
            wakeup,
            new JobMeter(meters),
            events::live);
    BrokerMetrics.bind(meters, loop::stats);
    loop.curve().bindTo(meters, "jobwire.broker.curve.refused");
    var thread = new Thread(loop, "jobwire-broker");
    thread.start();
    String endpoint;
    try {
      endpoint = loop.bound().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      events.close();
      loop.stop();
      join(thread);
      wakeup.close();
      redis.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "broker cannot bind " + config.bind() + ": " + cause.getMessage(), cause);
    }
    var schedulerThread = new Thread(scheduler, "jobwire-broker-scheduler");
    schedulerThread.start();
    var batches =
        BatchDriver.start(
            redis, config.redisUri(), config.curve(), config.maxMessageBytes(), meters);
    log.info(
        "broker started endpoint={} redis={}",
        endpoint,
        RedisConnections.redacted(config.redisUri()));
    return new ZmqBroker(
        endpoint,
        loop,
        thread,
        events,
        inbox,
        wakeup,
        redis,
        meters,
        scheduler,
        schedulerThread,
        batches);
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void runDueWork() {
    if (closed) {
      throw new IllegalStateException("broker is closed");
    }
    var done = new CompletableFuture<Void>();
    inbox.offer(new Signal.RunDue(done));
    wakeup.signal();
    try {
      scheduler.runDue().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      done.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("broker did not run its due work", e);
    }
  }

  @Override
  public BrokerStats stats() {
    return loop.stats();
  }

  @Override
  public MeterRegistry meterRegistry() {
    return meters;
  }

  @Override
  public Health health() {
    boolean redisUp;
    try {
      redisUp = "PONG".equalsIgnoreCase(redis.call(r -> r.ping()));
    } catch (RuntimeException e) {
      redisUp = false;
    }
    return new Health(
        Map.of("redis", redisUp, "router", !closed && thread.isAlive() && loop.zmqAlive()));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    batches.close();
    scheduler.stop();
    join(schedulerThread);
    loop.stop(); // takes its standby tokens back first: handed jobs stop coming
    join(thread);
    events.close();
    wakeup.close();
    redis.close();
    log.info("broker stopped endpoint={}", endpoint);
  }

  /** Names this broker's standby tokens and handoff channel: unique among running brokers. */
  private static String brokerId() {
    return java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextLong());
  }

  private static void join(Thread thread) {
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
