package io.jobwire.broker.internal;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.WorkerMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on what workers say and on cancels. Cheap, frequent changes (done, lease extensions,
 * finishing cancelled jobs) are collected and written to Redis in one script call each by {@link
 * #flush(long)}; rarer ones (fail, leave) go at once. Broker thread only.
 */
final class WorkerHandler {
  private static final Logger log = LoggerFactory.getLogger(WorkerHandler.class);

  static final String HANDBACK = "shutdown";

  /** A worker full with jobs from other brokers hands a job back unrun; no attempt is spent. */
  static final String BUSY = "busy";

  /**
   * A job this broker assigned that this many heartbeats in a row did not list has ended elsewhere
   * (its {@code done} went to another broker) or never arrived: its slot is freed.
   */
  static final int UNLISTED_LIMIT = 2;

  private final WorkerRegistry registry;
  private final BrokerStore store;
  private final Dispatcher dispatcher;
  private final FailedNotifier notifier;
  private final Function<String, Backoff> backoffs;
  private final List<String> acks = new ArrayList<>();
  private final Map<String, List<String>> leases = new LinkedHashMap<>();
  private final List<String> cancelled = new ArrayList<>();
  private WorkerLink link;
  private JobMeter meter = JobMeter.none();

  WorkerHandler(
      WorkerRegistry registry,
      BrokerStore store,
      Dispatcher dispatcher,
      FailedNotifier notifier,
      Function<String, Backoff> backoffs) {
    this.registry = registry;
    this.store = store;
    this.dispatcher = dispatcher;
    this.notifier = notifier;
    this.backoffs = backoffs;
  }

  void link(WorkerLink newLink) {
    this.link = newLink;
  }

  void meter(JobMeter newMeter) {
    this.meter = newMeter;
  }

  void handle(byte[] identity, WorkerMessage message, long now) {
    WorkerEntry worker = registry.byIdentity(identity);
    if (worker != null) {
      worker.lastSeen = now;
    }
    switch (message) {
      case WorkerMessage.Ready ready -> onReady(identity, worker, ready, now);
      case WorkerMessage.Heartbeat heartbeat -> onHeartbeat(worker, heartbeat);
      case WorkerMessage.Done done -> onDone(worker, done, now);
      case WorkerMessage.Fail fail -> onFail(worker, fail, now);
      case WorkerMessage.Bye bye -> onBye(worker, bye, now);
    }
  }

  private void onReady(byte[] identity, WorkerEntry current, WorkerMessage.Ready ready, long now) {
    if (current != null && !current.name.equals(ready.worker())) {
      leave(current, "re-registered as worker=" + ready.worker(), now);
    }
    var entry = new WorkerEntry(ready.worker(), identity, ready.topics(), ready.capacity(), now);
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
    String name = worker != null ? worker.name : heartbeat.worker();
    if (!heartbeat.running().isEmpty()) {
      leases.computeIfAbsent(name, n -> new ArrayList<>()).addAll(heartbeat.running());
    }
    if (worker != null) {
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
  }

  private void onDone(WorkerEntry worker, WorkerMessage.Done done, long now) {
    Assignment assignment = registry.finish(done.job(), worker);
    if (assignment != null) {
      // a worker tells every broker it is connected to; the one that assigned the job counts it
      meter.succeeded(done.job(), now);
    }
    acks.add(worker != null ? worker.name : "");
    acks.add(done.job());
    log.debug("job={} done worker={}", done.job(), assignment == null ? "?" : assignment.worker);
  }

  private void onFail(WorkerEntry worker, WorkerMessage.Fail fail, long now) {
    Assignment assignment = registry.finish(fail.job(), worker);
    String owner = assignment != null ? assignment.worker.name : worker != null ? worker.name : "";
    // after a broker restart this broker did not assign the job: Redis knows its topic and attempt
    var run = assignment != null ? new BrokerStore.Run(assignment.job) : store.run(fail.job());
    long delay = backoffs.apply(run.topic()).delayMillis(run.attempt());
    // a worker shutting down hands its unfinished jobs back (code "shutdown", retry): no attempt
    // lost
    boolean busy = fail.retry() && BUSY.equals(fail.error().code());
    boolean handback = busy || (fail.retry() && HANDBACK.equals(fail.error().code()));
    if (busy && worker != null) {
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
      default ->
          log.debug("job={} fail ignored ({}) worker={}", fail.job(), outcome.state(), owner);
    }
  }

  private void onBye(WorkerEntry worker, WorkerMessage.Bye bye, long now) {
    WorkerEntry leaving = worker != null ? worker : registry.byName(bye.worker());
    if (leaving != null) {
      leave(leaving, "said bye", now);
    }
  }

  /** Forgets a worker and puts its running jobs back on the queue. */
  void leave(WorkerEntry worker, String why, long now) {
    leave(worker, why, Long.MAX_VALUE, now);
  }

  /**
   * Forgets a worker and puts back on the queue those of its running jobs leased until {@code
   * leaseFloor} at most. A job leased longer was extended since: the worker still heartbeats it to
   * another broker, so it runs on.
   */
  void leave(WorkerEntry worker, String why, long leaseFloor, long now) {
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
  void apply(Recovery recovery) {
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
  void timedOut(List<BrokerStore.Overdue> overdue) {
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
  void cancel(String jobId, WorkerEntry knownWorker) {
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

  /** Writes the collected acks, lease extensions and cancellations to Redis. */
  void flush(long now) {
    if (!acks.isEmpty()) {
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
      store.cancelled(cancelled, now);
      cancelled.clear();
    }
  }
}
