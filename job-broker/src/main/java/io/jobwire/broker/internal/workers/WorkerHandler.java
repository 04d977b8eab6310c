package io.jobwire.broker.internal.workers;

import io.jobwire.broker.internal.outcome.FailedNotifier;
import io.jobwire.broker.internal.store.BrokerStore;
import io.jobwire.broker.internal.store.DeadJob;
import io.jobwire.broker.internal.store.Recovery;
import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.WorkerMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on what workers say and on cancels. Cheap, frequent changes (done, lease extensions,
 * finishing cancelled jobs) are collected and written to Redis in one script call each by {@link
 * #flush(long, boolean)}; rarer ones (fail, leave) go at once. Broker thread only.
 */
public final class WorkerHandler {
  private static final Logger log = LoggerFactory.getLogger(WorkerHandler.class);

  static final String HANDBACK = "shutdown";

  /** A worker full with jobs from other brokers hands a job back unrun; no attempt is spent. */
  static final String BUSY = "busy";

  /**
   * A job this broker assigned that this many heartbeats in a row did not list has ended elsewhere
   * (its {@code done} went to another broker) or never arrived: its slot is freed.
   */
  static final int UNLISTED_LIMIT = 2;

  private static final int NOTICES_PER_CALL = 100;

  private final WorkerRegistry registry;
  private final BrokerStore store;
  private final Dispatcher dispatcher;
  private final FailedNotifier notifier;
  private final Function<String, Backoff> backoffs;
  private final List<String> acks = new ArrayList<>();
  private final Map<String, List<String>> leases = new LinkedHashMap<>();
  private final List<String> cancelled = new ArrayList<>();
  private final WorkerLink link;
  private final JobEvents meter;
  private long refused;

  public WorkerHandler(
      WorkerRegistry registry,
      BrokerStore store,
      Dispatcher dispatcher,
      FailedNotifier notifier,
      WorkerLink link,
      JobEvents meter,
      Function<String, Backoff> backoffs) {
    this.registry = registry;
    this.store = store;
    this.dispatcher = dispatcher;
    this.notifier = notifier;
    this.link = link;
    this.meter = meter;
    this.backoffs = backoffs;
  }

  /** Worker messages refused since start (see {@link io.jobwire.broker.BrokerStats}). */
  public long refused() {
    return refused;
  }

  /**
   * Acts on one worker message. {@code curveKey} is the name of the sender's CURVE key (null
   * without CURVE). Only {@code ready} is taken from a connection the broker does not know; every
   * other message acts only on the sender's own registration and on jobs leased to it.
   */
  public void handle(byte[] identity, String curveKey, WorkerMessage message, long now) {
    WorkerEntry worker = registry.byIdentity(identity);
    if (worker != null) {
      worker.lastSeen = now;
    }
    if (worker == null && !(message instanceof WorkerMessage.Ready)) {
      // a forged message, or a worker whose connection came back after a broker restart: it
      // re-sends ready once it misses this broker's heartbeats
      refused++;
      log.debug("{} from an unregistered connection refused", message.getClass().getSimpleName());
      return;
    }
    switch (message) {
      case WorkerMessage.Ready ready -> onReady(identity, curveKey, worker, ready, now);
      case WorkerMessage.Heartbeat heartbeat -> onHeartbeat(worker, heartbeat);
      case WorkerMessage.Done done -> onDone(worker, done, now);
      case WorkerMessage.Fail fail -> onFail(worker, fail, now);
      case WorkerMessage.Bye bye -> leave(worker, "said bye", now);
    }
  }

  private void onReady(
      byte[] identity, String curveKey, WorkerEntry current, WorkerMessage.Ready ready, long now) {
    WorkerEntry holder = registry.byName(ready.worker());
    if (holder != null && !Objects.equals(holder.curveKey, curveKey)) {
      refused++;
      log.warn(
          "ready refused: worker={} is registered with CURVE key {}, not {}",
          ready.worker(),
          holder.curveKey,
          curveKey);
      return;
    }
    if (current != null && !current.name.equals(ready.worker())) {
      leave(current, "re-registered as worker=" + ready.worker(), now);
    }
    var entry =
        new WorkerEntry(ready.worker(), identity, curveKey, ready.topics(), ready.capacity(), now);
    WorkerEntry old = registry.register(entry);
    if (old == null) {
      // jobs leased to it before (by a broker that died, or another one) fill its slots
      registry.adopt(entry, store.owned(entry.name, now));
    }
    log.info(
        "worker {} worker={} topics={} capacity={} running={}",
        old == null ? "joined" : "rejoined",
        entry,
        entry.topics,
        entry.capacity,
        entry.running.size() + entry.adopted.size());
    dispatcher.wake(entry.topics);
  }

  private void onHeartbeat(WorkerEntry worker, WorkerMessage.Heartbeat heartbeat) {
    if (!heartbeat.running().isEmpty()) {
      // extend.lua extends only the leases Redis holds for this worker
      leases.computeIfAbsent(worker.name, n -> new ArrayList<>()).addAll(heartbeat.running());
    }
    if (heartbeat.draining() && !worker.draining) {
      log.info("worker draining worker={} running={}", worker, heartbeat.running().size());
    }
    worker.draining = heartbeat.draining();
    worker.saturated = false;
    // a job told to cancel holds its slot until the worker stops listing it; any other job once
    // a few heartbeats no longer list it (with several brokers its done may have gone elsewhere)
    Set<String> listed = new HashSet<>(heartbeat.running());
    for (String job : List.copyOf(worker.running)) {
      Assignment assignment = registry.assignment(job);
      if (listed.contains(job)) {
        assignment.unlisted = 0;
      } else if (assignment.cancelled || ++assignment.unlisted >= UNLISTED_LIMIT) {
        registry.finish(job);
      }
    }
    registry.reconcile(worker, listed);
  }

  /**
   * Frees the slot {@code job} holds if the sender runs it here (assigned or adopted); returns its
   * assignment then, else null. Another worker's assignment is left alone.
   */
  private Assignment release(String job, WorkerEntry sender) {
    Assignment assignment = registry.assignment(job);
    if (assignment != null && assignment.worker != sender) {
      return null;
    }
    return registry.finish(job, sender);
  }

  private void onDone(WorkerEntry worker, WorkerMessage.Done done, long now) {
    Assignment assignment = release(done.job(), worker);
    if (assignment != null) {
      // a worker tells every broker it is connected to; the one that assigned the job counts it
      meter.succeeded(done.job(), now);
    }
    // ack.lua finishes the job only if Redis has it leased to this worker
    acks.add(worker.name);
    acks.add(done.job());
    log.debug("job={} done worker={}", done.job(), worker);
  }

  private void onFail(WorkerEntry worker, WorkerMessage.Fail fail, long now) {
    Assignment assignment = release(fail.job(), worker);
    String owner = worker.name;
    // after a broker restart this broker did not assign the job: Redis knows its topic and attempt
    var run = assignment != null ? new BrokerStore.Run(assignment.job) : store.run(fail.job());
    long delay = backoffs.apply(run.topic()).delayMillis(run.attempt());
    // a worker shutting down hands its unfinished jobs back (code "shutdown", retry): no attempt
    // lost
    boolean busy = fail.retry() && BUSY.equals(fail.error().code());
    boolean handback = busy || (fail.retry() && HANDBACK.equals(fail.error().code()));
    if (busy) {
      worker.saturated = true;
    }
    var outcome = store.fail(fail.job(), owner, fail.error(), fail.retry(), handback, delay, now);
    meter.failed(fail.job(), outcome.state());
    switch (outcome.state()) {
      case "queued" -> {
        if (busy) {
          log.debug("job={} handed back worker={} (busy)", fail.job(), owner);
        } else {
          log.info("job={} handed back worker={}", fail.job(), owner);
        }
        dispatcher.wake(outcome.topic());
      }
      case "delayed" ->
          log.debug(
              "job={} failed worker={} retry_in_ms={} error={}",
              fail.job(),
              owner,
              delay,
              fail.error().code());
      case "dead" -> {
        log.info("job={} dead worker={} error={}", fail.job(), owner, fail.error().code());
        notifier.send(outcome.dead());
      }
      case "refused" -> {
        refused++;
        log.warn("job={} fail refused: not leased to worker={}", fail.job(), owner);
      }
      default ->
          log.debug("job={} fail ignored ({}) worker={}", fail.job(), outcome.state(), owner);
    }
  }

  /** Forgets a worker and puts its running jobs back on the queue. */
  public void leave(WorkerEntry worker, String why, long now) {
    leave(worker, why, Long.MAX_VALUE, now);
  }

  /**
   * Forgets a worker and puts back on the queue those of its running jobs leased until {@code
   * leaseFloor} at most. A job leased longer was extended since: the worker still heartbeats it to
   * another broker, so it runs on.
   */
  public void leave(WorkerEntry worker, String why, long leaseFloor, long now) {
    List<String> jobs = registry.remove(worker);
    Recovery recovery = store.requeue(worker.name, jobs, leaseFloor, now);
    log.info(
        "worker left worker={} reason=\"{}\" requeued_jobs={} still_leased={}",
        worker,
        why,
        recovery.jobs().size(),
        jobs.size() - recovery.jobs().size());
    // this broker forgets every one of them; those still leased finish through another broker
    apply(new Recovery(recovery.topics(), recovery.dead(), jobs));
  }

  /** Takes in what a recovery script did: wake topics, tell front ends, forget assignments. */
  public void apply(Recovery recovery) {
    meter.recovered(recovery);
    dispatcher.wake(recovery.topics());
    recovery.dead().forEach(notifier::send);
    for (String job : recovery.jobs()) {
      registry.finish(job);
    }
  }

  /**
   * Running jobs past their deadline were failed in Redis: stop them and tell their subscribers.
   */
  public void timedOut(List<BrokerStore.Overdue> overdue) {
    for (BrokerStore.Overdue late : overdue) {
      String job = late.job().id();
      Assignment assignment = registry.assignment(job);
      WorkerEntry worker = assignment != null ? assignment.worker : registry.byName(late.worker());
      if (worker != null) {
        link.send(worker, new BrokerMessage.Cancel(job));
      }
      registry.finish(job, worker);
      notifier.send(late.job());
      log.info("job={} ran past its deadline; cancelled worker={}", job, late.worker());
    }
  }

  /** Cancel was asked for a running job: tell its worker, then finish it as cancelled. */
  public void cancel(String jobId, WorkerEntry knownWorker) {
    Assignment assignment = registry.assignment(jobId);
    WorkerEntry worker = assignment != null ? assignment.worker : knownWorker;
    if (worker == null || (assignment != null && assignment.cancelled)) {
      return; // not running here; its worker's next heartbeat brings it back via extend()
    }
    if (assignment != null) {
      assignment.cancelled = true;
    }
    link.send(worker, new BrokerMessage.Cancel(jobId));
    cancelled.add(jobId);
    log.debug("job={} cancel sent worker={}", jobId, worker);
  }

  /**
   * Done jobs not yet acked in Redis, as (worker, job id) pairs flattened; the dispatcher's next
   * claim writes them in its round trip (and empties the list), else {@link #flush} does.
   */
  public List<String> acks() {
    return acks;
  }

  /**
   * Writes the collected lease extensions and cancellations to Redis, and the acks too when {@code
   * withAcks}.
   */
  public void flush(long now, boolean withAcks) {
    if (withAcks && !acks.isEmpty()) {
      store.ack(acks, now);
      acks.clear();
    }
    if (!leases.isEmpty()) {
      var reported = new LinkedHashMap<>(leases);
      leases.clear(); // dropped if Redis fails: the next heartbeats report them again
      List<String> toCancel = store.extend(reported, now);
      for (int i = 0; i + 1 < toCancel.size(); i += 2) {
        cancel(toCancel.get(i + 1), registry.byName(toCancel.get(i)));
      }
    }
    if (!cancelled.isEmpty()) {
      List<DeadJob> told = store.cancelled(cancelled, now);
      cancelled.clear();
      told.forEach(notifier::send);
    }
  }

  /** Sends the notices of cancelled queued jobs that wait in Redis; each is taken by one broker. */
  public void sendNotices(long now) {
    List<DeadJob> notices;
    do {
      notices = store.notices(NOTICES_PER_CALL, now);
      notices.forEach(notifier::send);
      // up to NOTICES_PER_CALL per topic: a topic that filled its page has more
    } while (notices.size() >= NOTICES_PER_CALL);
  }
}
