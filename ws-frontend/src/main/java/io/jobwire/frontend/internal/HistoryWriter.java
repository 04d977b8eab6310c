package io.jobwire.frontend.internal;

import io.jobwire.frontend.ResumeWindow;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one ingress-loop turn to Redis in one script call ({@code flush.lua}): every delivery of
 * the turn with its subscription's state ({@code seq}, job, duplicate filter), the turn's {@code
 * publish} broadcasts and forwards to other front ends. Only then are the deliveries sent, so what
 * a client saw is always in Redis. Runs on {@code jobwire-ingress}; a failed write is tried again
 * next turn (nothing is sent meanwhile).
 */
final class HistoryWriter {
  private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** One subscription's share of a turn, taken under its lock. */
  record Write(
      Subscription sub,
      ResumeWindow window,
      List<RedisResumeBuffer.Unwritten> items,
      Subscription.StoredState state,
      String duplicates) {}

  /** Hears of subscriptions that another front end took over while they were being written. */
  interface Moved {
    void moved(Write write, String newOwner);
  }

  private final ClusterStore store;
  private final Set<Subscription> dirty = ConcurrentHashMap.newKeySet();
  private final List<String> broadcasts = new ArrayList<>();
  private final List<String> forwards = new ArrayList<>();

  /**
   * Subscriptions written before, or taken over from another front end (weakly held: they drop out
   * once gone; several threads add). The first write of one started here skips flush.lua's owner
   * check: no other front end can hold it yet, as its client learns its id only from the {@code
   * subscribed} this write lets out. One taken over always has its owner checked.
   */
  private final Set<Subscription> stored =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private Moved onMoved = (write, owner) -> {};
  private volatile Runnable onDirty = () -> {};
  private long lastWarn = System.nanoTime() - WARN_EVERY_NANOS;

  HistoryWriter(ClusterStore store) {
    this.store = store;
  }

  void onMoved(Moved value) {
    onMoved = value;
  }

  /** Who starts the next turn when a subscription has something to write (wakes the loop). */
  void onDirty(Runnable value) {
    onDirty = value;
  }

  /** Any thread: {@code sub} was taken over from another front end, not started here. */
  void adopted(Subscription sub) {
    stored.add(sub);
  }

  /** Any thread: the subscription has something to write. */
  void dirty(Subscription sub) {
    dirty.add(sub);
    onDirty.run();
  }

  /** On {@code jobwire-ingress}: PUBLISH to every front end with this turn's write. */
  void broadcast(String json) {
    broadcasts.add(json);
  }

  /** On {@code jobwire-ingress}: PUBLISH to one front end with this turn's write. */
  void forward(String frontendId, String json) {
    forwards.add(frontendId);
    forwards.add(json);
  }

  /** On {@code jobwire-ingress}, after each turn: writes, then sends what was written. */
  void flush() {
    if (dirty.isEmpty() && broadcasts.isEmpty() && forwards.isEmpty()) {
      return;
    }
    Set<Subscription> subs = new LinkedHashSet<>(dirty);
    dirty.removeAll(subs);
    List<Write> writes = new ArrayList<>(subs.size());
    List<String> args = new ArrayList<>();
    args.add(""); // the subscription count, set below
    for (Subscription sub : subs) {
      Write write = sub.toWrite();
      if (write != null) {
        writes.add(write);
        append(write, args);
      }
    }
    args.set(0, Integer.toString(writes.size()));
    args.add(Integer.toString(broadcasts.size()));
    args.addAll(broadcasts);
    args.add(Integer.toString(forwards.size() / 2));
    args.addAll(forwards);
    Map<String, String> moved;
    try {
      moved = store.flush(args);
    } catch (RuntimeException e) {
      dirty.addAll(subs);
      warn(e);
      return;
    }
    broadcasts.clear();
    forwards.clear();
    for (Write write : writes) {
      String owner = moved.get(write.sub().id());
      if (owner != null) {
        onMoved.moved(write, owner);
      } else {
        stored.add(write.sub());
        write.sub().written(write.items().size());
      }
    }
  }

  private void append(Write write, List<String> args) {
    Subscription sub = write.sub();
    var state = write.state();
    long keep = Math.max(1_000, write.window().keepFor().toMillis());
    args.add(sub.id());
    args.add(Long.toString(keep));
    args.add(Integer.toString(write.window().maxMessages()));
    args.add(stored.contains(sub) ? "0" : "1");
    JobStream stream = sub.stream();
    List<String> fields = new ArrayList<>(20);
    fields.addAll(
        List.of("topic", state.topic(), "user", state.user() == null ? "" : state.user()));
    fields.addAll(List.of("seq", Long.toString(state.seq()), "dedup", write.duplicates()));
    fields.addAll(List.of("finished", state.finished() ? "1" : "0"));
    if (state.job() != null) {
      fields.addAll(List.of("job", state.job()));
    }
    if (stream != null) {
      fields.addAll(List.of("stream", stream.id()));
      fields.addAll(List.of("params", Codec.encode(stream.request().params())));
    }
    args.add(Integer.toString(fields.size() / 2));
    args.addAll(fields);
    List<String> messages = new ArrayList<>();
    for (var item : write.items()) {
      if (item.message() instanceof ServerMessage.Delivery delivery) {
        messages.add(Codec.encode(delivery));
      }
    }
    args.add(Integer.toString(messages.size()));
    args.addAll(messages);
  }

  private void warn(RuntimeException e) {
    long now = System.nanoTime();
    if (now - lastWarn >= WARN_EVERY_NANOS) {
      lastWarn = now;
      log.warn(
          "cannot write subscription history to Redis ({}); deliveries wait until it is back",
          e.toString());
    }
  }
}
