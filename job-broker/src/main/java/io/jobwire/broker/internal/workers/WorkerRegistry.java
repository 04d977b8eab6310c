package io.jobwire.broker.internal.workers;

import io.jobwire.protocol.Job;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is connected, what each worker serves and runs. Broker thread only.
 *
 * <p>Workers are known by their ROUTER identity (where to send) and by the name they give in {@code
 * ready} (what Redis records as a job's worker). A worker that reconnects gets a new identity but
 * keeps its name; its new registration replaces the old one and inherits its jobs.
 */
public final class WorkerRegistry {
  private final Map<String, WorkerEntry> byIdentity = new LinkedHashMap<>();
  private final Map<String, WorkerEntry> byName = new HashMap<>();
  private final Map<String, Assignment> assignments = new HashMap<>();

  static String key(byte[] identity) {
    return new String(identity, StandardCharsets.ISO_8859_1);
  }

  public WorkerEntry byIdentity(byte[] identity) {
    return byIdentity.get(key(identity));
  }

  WorkerEntry byName(String name) {
    return byName.get(name);
  }

  /**
   * Registers a worker; returns the registration it replaces (same name), or null. Jobs of the
   * replaced registration move to the new one. The caller removes first any other worker that used
   * the same identity.
   */
  WorkerEntry register(WorkerEntry worker) {
    WorkerEntry old = byName.remove(worker.name);
    if (old != null) {
      byIdentity.remove(key(old.identity));
      for (String job : old.running) {
        Assignment moved = new Assignment(assignments.get(job).job, worker);
        moved.cancelled = assignments.get(job).cancelled;
        assignments.put(job, moved);
        worker.running.add(job);
      }
      worker.adopted.addAll(old.adopted);
    }
    byIdentity.put(key(worker.identity), worker);
    byName.put(worker.name, worker);
    return old;
  }

  /** Forgets a worker and returns the ids of the jobs it was running (adopted ones too). */
  List<String> remove(WorkerEntry worker) {
    byIdentity.remove(key(worker.identity), worker);
    byName.remove(worker.name, worker);
    List<String> jobs = new ArrayList<>(worker.running);
    for (String job : jobs) {
      assignments.remove(job);
    }
    jobs.addAll(worker.adopted);
    worker.running.clear();
    worker.adopted.clear();
    return jobs;
  }

  /**
   * Records that {@code worker} runs {@code job}. A job handed out again (its lease lapsed, or it
   * was rerouted as a new attempt) leaves the slot of the worker it was assigned to before: that
   * worker's heartbeat adopts it while it still runs the old attempt.
   */
  void assign(Job job, WorkerEntry worker) {
    Assignment previous = assignments.put(job.id(), new Assignment(job, worker));
    if (previous != null && previous.worker != worker) {
      previous.worker.running.remove(job.id());
    }
    worker.running.add(job.id());
  }

  Assignment assignment(String jobId) {
    return assignments.get(jobId);
  }

  /** The job no longer runs (done, failed, recovered); frees its worker's slot. */
  Assignment finish(String jobId) {
    Assignment assignment = assignments.remove(jobId);
    if (assignment != null) {
      assignment.worker.running.remove(jobId);
    }
    return assignment;
  }

  /** As {@link #finish(String)}, also freeing the slot of a job {@code worker} had adopted. */
  Assignment finish(String jobId, WorkerEntry worker) {
    if (worker != null) {
      worker.adopted.remove(jobId);
    }
    return finish(jobId);
  }

  /**
   * A heartbeat is the worker's own word on what it runs: what it lists beyond the jobs this broker
   * assigned is adopted; adopted jobs it no longer lists have ended.
   */
  void reconcile(WorkerEntry worker, Collection<String> listed) {
    worker.adopted.clear();
    for (String job : listed) {
      if (!worker.running.contains(job)) {
        worker.adopted.add(job);
      }
    }
  }

  /** Adopts jobs Redis says are leased to {@code worker} (when it joins this broker). */
  void adopt(WorkerEntry worker, Collection<String> owned) {
    for (String job : owned) {
      if (!worker.running.contains(job)) {
        worker.adopted.add(job);
      }
    }
  }

  /** Workers that serve {@code topic} and have a free slot, in registration order. */
  List<WorkerEntry> withFreeSlots(String topic) {
    List<WorkerEntry> found = new ArrayList<>();
    for (WorkerEntry worker : byIdentity.values()) {
      if (worker.free() > 0 && worker.topics.contains(topic)) {
        found.add(worker);
      }
    }
    return found;
  }

  public Collection<WorkerEntry> all() {
    return byIdentity.values();
  }

  public int size() {
    return byIdentity.size();
  }

  public int running() {
    int adopted = 0;
    for (WorkerEntry worker : byIdentity.values()) {
      adopted += worker.adopted.size();
    }
    return assignments.size() + adopted;
  }
}
