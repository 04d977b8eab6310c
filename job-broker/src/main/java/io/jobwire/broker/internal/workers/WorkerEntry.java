package io.jobwire.broker.internal.workers;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A registered worker as the broker loop sees it. Broker thread only. */
public final class WorkerEntry {
  public final String name;
  final byte[] identity;
  public final List<String> topics;
  public final int capacity;

  /** The name of its CURVE key (the ZAP user id), or null without CURVE. */
  final String curveKey;

  public final Set<String> running = new LinkedHashSet<>();

  /**
   * Jobs the worker runs that this broker did not hand out (a broker before a restart, or another
   * broker did): they fill slots too, else a restarted broker would overload the worker.
   */
  final Set<String> adopted = new LinkedHashSet<>();

  public long lastSeen;

  /** Said in its heartbeat: it shuts down and takes no new jobs. */
  boolean draining;

  /**
   * It handed a job back as {@code busy}: another broker filled its slots first. No new jobs until
   * its next heartbeat says what it runs.
   */
  boolean saturated;

  WorkerEntry(String name, byte[] identity, List<String> topics, int capacity, long now) {
    this(name, identity, null, topics, capacity, now);
  }

  WorkerEntry(
      String name, byte[] identity, String curveKey, List<String> topics, int capacity, long now) {
    this.name = name;
    this.curveKey = curveKey;
    this.identity = identity;
    this.topics = topics;
    this.capacity = capacity;
    this.lastSeen = now;
  }

  int free() {
    if (draining || saturated) {
      return 0;
    }
    return Math.max(0, capacity - running.size() - adopted.size());
  }

  @Override
  public String toString() {
    return name;
  }
}
