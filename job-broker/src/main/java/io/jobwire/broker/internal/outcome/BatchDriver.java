package io.jobwire.broker.internal.outcome;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.queue.RedisSubscription;
import io.jobwire.queue.redis.BatchStore;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.security.CurveConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The {@code jobwire-broker-batches} thread: counts finished batch children in their batches,
 * queues the jobs that became free (dependants, the callback) and pushes each batch's progress to
 * the front end that follows it. Woken by the {@code batched} channel with the child's topic; a
 * sweep every {@link #SWEEP_EVERY} redoes whatever a broker that died left half done (an outbox
 * entry stays until it was counted, pushed and its freed jobs queued; every step is idempotent). It
 * owns its PUSH sockets; Redis calls go through the broker's gateway.
 */
public final class BatchDriver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatchDriver.class);
  static final Duration SWEEP_EVERY = Duration.ofSeconds(2);

  /** Failed children named in a batch's final {@code result}; the callback gets them all. */
  static final int FAILURES_SHOWN = 100;

  private final BatchStore store;
  private final BlockingQueue<String> woken = new LinkedBlockingQueue<>();
  private final RedisSubscription events;
  private final Thread thread;
  private final CurveConfig curve;
  private final int maxMessageBytes;
  private volatile boolean stopped;

  /** Children counted in their batch by this broker (redos not counted), batches it completed. */
  private final LongAdder childrenCounted = new LongAdder();

  private final LongAdder batchesCompleted = new LongAdder();

  private BatchDriver(RedisGateway redis, String redisUri, CurveConfig curve, int maxMessageBytes) {
    this.store = new BatchStore(redis);
    this.curve = curve;
    this.maxMessageBytes = maxMessageBytes;
    this.events =
        new RedisSubscription(
            redisUri,
            "jobwire-broker-batch-events",
            (channel, topic) -> woken.offer(topic),
            redis.keys().batchedChannel());
    this.thread = new Thread(this::run, "jobwire-broker-batches");
  }

  public static BatchDriver start(
      RedisGateway redis,
      String redisUri,
      CurveConfig curve,
      int maxMessageBytes,
      MeterRegistry meters) {
    BatchDriver driver = new BatchDriver(redis, redisUri, curve, maxMessageBytes);
    FunctionCounter.builder(
            "jobwire.batch.children.counted", driver.childrenCounted, LongAdder::sum)
        .description("finished batch jobs this broker counted in their batch")
        .register(meters);
    FunctionCounter.builder("jobwire.batches.completed", driver.batchesCompleted, LongAdder::sum)
        .description("batches whose last job this broker counted")
        .register(meters);
    if (!driver.events.start(Duration.ofSeconds(2))) {
      log.warn(
          "batches: not yet subscribed to Redis; sweeping every {} ms", SWEEP_EVERY.toMillis());
    }
    driver.thread.start();
    return driver;
  }

  private void run() {
    try (ZContext context = new ZContext(1);
        FailedNotifier pushes = new FailedNotifier(context, curve, maxMessageBytes)) {
      long nextSweep = 0;
      while (!stopped) {
        try {
          if (System.nanoTime() - nextSweep >= 0) {
            sweep(pushes);
            nextSweep = System.nanoTime() + SWEEP_EVERY.toNanos();
          }
          String topic = woken.poll(SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
          if (topic != null) {
            Set<String> topics = new LinkedHashSet<>();
            topics.add(topic);
            woken.drainTo(topics);
            for (String each : topics) {
              drain(each, pushes);
            }
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          log.warn("batches: {}; trying again at the next sweep", e.toString());
          nextSweep = System.nanoTime() + SWEEP_EVERY.toNanos();
        }
      }
    }
  }

  /** Every outbox and every open batch: what a broker that died (or a lost wake-up) left. */
  private void sweep(FailedNotifier pushes) {
    if (store.open().isEmpty()) {
      return; // no open batch: no outbox holds anything that counts
    }
    for (String topic : store.topics()) {
      drain(topic, pushes);
    }
    for (String batch : store.open()) {
      store.drive(batch);
    }
  }

  private void drain(String topic, FailedNotifier pushes) {
    while (!stopped) {
      var entries = store.outbox(topic);
      if (entries.isEmpty()) {
        return;
      }
      for (String entry : entries) {
        BatchStore.Finished child = BatchStore.Finished.parse(entry);
        store.count(child).ifPresent(counted -> report(child.batch(), counted, pushes));
        store.taken(topic, entry);
      }
    }
  }

  private void report(String batch, BatchStore.Counted counted, FailedNotifier pushes) {
    if (counted.fresh()) {
      childrenCounted.add(counted.outcomes().size());
      if (counted.complete()) {
        batchesCompleted.increment(); // only the last child's count completes a batch
      }
    }
    for (BatchStore.Outcome outcome : counted.outcomes()) {
      log.debug("batch={} job={} {} ({})", batch, outcome.job(), outcome.state(), outcome.n());
      if (counted.replyTo() != null) {
        // the totals as they were when it finished: a redo pushes the very same message
        ObjectNode data =
            totals(batch, outcome.n(), outcome.succeeded(), counted.total())
                .put("job", outcome.job());
        data.put("state", outcome.state());
        if (!outcome.code().isEmpty()) {
          data.put("code", outcome.code());
        }
        push(
            pushes,
            counted,
            new IngressMessage.Progress(batch, counted.route(), outcome.n(), data));
      }
    }
    if (counted.ready() > 0 || counted.complete()) {
      store.drive(batch);
    }
    if (counted.complete() && counted.replyTo() != null) {
      ObjectNode data =
          totals(
              batch, counted.succeeded() + counted.failed(), counted.succeeded(), counted.total());
      var failures = data.putArray("failures");
      for (BatchStore.Outcome failure : store.failures(batch, FAILURES_SHOWN)) {
        var row = failures.addObject().put("job", failure.job()).put("state", failure.state());
        row.put("code", failure.code());
      }
      store.status(batch).map(s -> s.callback()).ifPresent(id -> data.put("callback", id));
      push(
          pushes,
          counted,
          new IngressMessage.Result(batch, counted.route(), counted.total() + 1, data));
    }
    if (counted.complete()) {
      log.info(
          "batch={} complete: {} succeeded, {} failed of {}",
          batch,
          counted.succeeded(),
          counted.failed(),
          counted.total());
    }
  }

  private static ObjectNode totals(String batch, long done, long succeeded, long total) {
    return Codec.mapper()
        .createObjectNode()
        .put("batch", batch)
        .put("done", done)
        .put("succeeded", succeeded)
        .put("failed", done - succeeded)
        .put("total", total);
  }

  private static void push(
      FailedNotifier pushes, BatchStore.Counted counted, IngressMessage.Routed message) {
    if (!pushes.push(counted.replyTo(), message)) {
      log.warn(
          "batch={} could not push its progress to reply_to={} (front end gone or too slow)",
          message.job(),
          counted.replyTo());
    }
  }

  @Override
  public void close() {
    stopped = true;
    events.close();
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
