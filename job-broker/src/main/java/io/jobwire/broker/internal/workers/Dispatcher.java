package io.jobwire.broker.internal.workers;

import io.jobwire.broker.internal.outcome.FailedNotifier;
import io.jobwire.broker.internal.store.BrokerStore;
import io.jobwire.broker.internal.store.Claim;
import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.ErrorInfo;
import io.jobwire.protocol.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches free worker slots with queued jobs. A topic is looked at only while it may have work
 * (jobs were enqueued or came back, or the periodic poll says so); a claim that comes back short
 * means its queue is empty. Slots are dealt round-robin across the topic's workers, starting at a
 * different worker each time, so load spreads evenly. A topic whose flow limit held jobs back is
 * looked at again when one of its running jobs ends (the scripts publish a wake-up) or, for a rate
 * limit, at the moment its window reopens ({@link #nextTimer}).
 *
 * <p>A claim that leaves slots free also leaves this broker standing by for the topic (lease.lua):
 * the next enqueue leases its job to one of those slots itself and publishes it, and {@link
 * #handed} sends it on with no claim. Broker thread only.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final ErrorInfo GIVEN_BACK =
      new ErrorInfo("busy", "handed to a worker that could not take it");

  private final WorkerRegistry registry;
  private final BrokerStore store;
  private final FailedNotifier notifier;
  private final int batch;
  private final Set<String> mayHaveWork = new LinkedHashSet<>();
  private final Map<String, Integer> rotation = new HashMap<>();
  private final Map<String, Long> heldUntil = new HashMap<>();

  private final Standby standby;

  /** True while handed jobs reach this broker (its handoff channel is subscribed). */
  private final BooleanSupplier listening;

  private final WorkerLink link;
  private final JobEvents meter;
  private long assigned;

  public Dispatcher(
      WorkerRegistry registry,
      BrokerStore store,
      FailedNotifier notifier,
      WorkerLink link,
      JobEvents meter,
      int batch,
      BooleanSupplier listening) {
    this.listening = listening;
    this.registry = registry;
    this.standby = new Standby();
    this.store = store;
    this.notifier = notifier;
    this.link = link;
    this.meter = meter;
    this.batch = batch;
  }

  public void wake(String topic) {
    mayHaveWork.add(topic);
  }

  public void wake(Collection<String> topics) {
    mayHaveWork.addAll(topics);
  }

  /** The periodic poll: every topic some worker serves may have work. */
  public void wakeServedTopics() {
    for (WorkerEntry worker : registry.all()) {
      mayHaveWork.addAll(worker.topics);
    }
  }

  /**
   * Clock ms of the earliest reopening rate window of a topic held back by its rate, or {@code
   * Long.MAX_VALUE}: the loop waits no longer than that.
   */
  public long nextTimer() {
    long next = Long.MAX_VALUE;
    for (long at : heldUntil.values()) {
      next = Math.min(next, at);
    }
    return next;
  }

  /** Topics whose rate window has reopened by {@code now} may have work again. */
  public void wakeReopened(long now) {
    var due = heldUntil.entrySet().iterator();
    while (due.hasNext()) {
      var entry = due.next();
      if (entry.getValue() <= now) {
        mayHaveWork.add(entry.getKey());
        due.remove();
      }
    }
  }

  public long assigned() {
    return assigned;
  }

  /**
   * Claims jobs for every topic that may have work and free slots; the first claim also writes the
   * pending {@code acks} (emptied once written), in the same round trip. Returns true when a claim
   * was cut short by the batch size, so the loop should come back without waiting.
   */
  public boolean dispatch(long now, List<String> acks) {
    boolean more = false;
    if (!standby.topics().isEmpty() && !listening.getAsBoolean()) {
      // jobs handed meanwhile may be lost with the subscription: their leases bring them back
      standDown();
    }
    for (String topic : List.copyOf(mayHaveWork)) {
      List<WorkerEntry> slots = plan(topic);
      if (slots.isEmpty()) {
        continue;
      }
      List<String> names = slots.stream().map(w -> w.name).toList();
      boolean holds = standby.holds(topic);
      boolean standBy = listening.getAsBoolean();
      Claim claim = store.claim(topic, names, holds, standBy, standby.arrived(topic), acks, now);
      standby.claimed(topic, claim.standing());
      place(claim, now);
      if (claim.retryAt() > 0) {
        heldUntil.put(topic, claim.retryAt());
      }
      if (claim.popped() < claim.asked()) {
        // an empty queue, or a flow limit: a wake-up or the rate's timer brings the topic back
        mayHaveWork.remove(topic);
      } else if (slots.size() == batch) {
        more = true;
      }
    }
    return more;
  }

  /**
   * Sends on the jobs an enqueue leased to this broker's standby slots. A job whose worker can no
   * longer take it (gone, draining, full) goes back to the queue, its attempt not counted.
   */
  public void handed(Claim claim, long now) {
    for (int i = 0; i < claim.jobs().size(); i++) {
      standby.arrived(claim.jobs().get(i).topic(), claim.workers().get(i));
      store.handed(claim.jobs().get(i).topic());
    }
    place(claim, now);
  }

  /**
   * Sends each job of {@code claim} to the worker it is leased to; one that worker can no longer
   * take (gone, draining, full) goes back to the queue, its attempt not counted.
   */
  private void place(Claim claim, long now) {
    List<Job> sent = new ArrayList<>(claim.jobs().size());
    List<String> created = new ArrayList<>(claim.jobs().size());
    for (int i = 0; i < claim.jobs().size(); i++) {
      Job job = claim.jobs().get(i);
      String name = claim.workers().get(i);
      WorkerEntry worker = registry.byName(name);
      if (worker != null && worker.free() > 0 && worker.topics.contains(job.topic())) {
        send(job, worker);
        sent.add(job);
        created.add(claim.created().get(i));
      } else {
        log.debug("job={} leased to worker={}, which cannot take it: requeued", job.id(), name);
        store.fail(job.id(), name, GIVEN_BACK, true, true, 0, now);
        mayHaveWork.add(job.topic());
      }
    }
    meter.started(sent, created, now);
    claim.expired().forEach(notifier::send);
  }

  /** Takes this broker's standby tokens back (it stops). */
  public void standDown() {
    store.standDown(standby.topics());
    standby.clear();
  }

  private void send(Job job, WorkerEntry worker) {
    registry.assign(job, worker);
    link.send(worker, new BrokerMessage.Assign(job));
    assigned++;
    log.debug(
        "job={} assigned worker={} topic={} attempt={}",
        job.id(),
        worker,
        job.topic(),
        job.attempt());
  }

  /** One entry per slot to fill, dealt round-robin over the topic's workers with free slots. */
  private List<WorkerEntry> plan(String topic) {
    List<WorkerEntry> workers = registry.withFreeSlots(topic);
    if (workers.isEmpty()) {
      return List.of();
    }
    int turn = rotation.merge(topic, 1, Integer::sum);
    Collections.rotate(workers, -Math.floorMod(turn, workers.size()));
    int[] given = new int[workers.size()];
    List<WorkerEntry> slots = new ArrayList<>();
    boolean dealt = true;
    while (dealt && slots.size() < batch) {
      dealt = false;
      for (int i = 0; i < workers.size() && slots.size() < batch; i++) {
        if (given[i] < workers.get(i).free()) {
          given[i]++;
          slots.add(workers.get(i));
          dealt = true;
        }
      }
    }
    return slots;
  }
}
