package io.jobwire.frontend.internal.cluster;

import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.frontend.internal.subscription.PendingWrite;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.frontend.internal.subscription.WriteThrough;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
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
final class HistoryWriter implements WriteThrough {
  private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** A kept delivery's field in the subscription's hash: this, then its seq. */
  static final String MESSAGE = "m:";

  /**
   * {@code -Djobwire.internal.subscribed-on-enqueue=false} leaves a new subscription's first state
   * to the ingress loop's turn, as before: {@code subscribed} then waits for that turn and one more
   * round trip. For the benchmarks' before/after on one build; not a setting.
   */
  static final boolean FIRST_WRITE_ON_ENQUEUE =
      Boolean.parseBoolean(System.getProperty("jobwire.internal.subscribed-on-enqueue", "true"));

  /** Hears of subscriptions that another front end took over while they were being written. */
  interface Moved {
    void moved(PendingWrite write, String newOwner);
  }

  private final ClusterStore store;
  private final Set<Subscription> dirty = ConcurrentHashMap.newKeySet();
  private final List<String> broadcasts = new ArrayList<>();
  private final List<String> forwards = new ArrayList<>();

  /** {@link #expiries} of one taken over from another front end: unknown. */
  private static final long ADOPTED = Long.MIN_VALUE;

  /**
   * Per subscription written before, or taken over from another front end: when its key's expiry
   * was last pushed to {@link #ttlMillis} (monotonic ms), or {@link #ADOPTED}. Weakly held: they
   * drop out once gone; several threads use it. The first write of one started here skips the owner
   * check: no other front end can hold it yet, as its client learns its id only from the {@code
   * subscribed} this write lets out. That write is first.lua's next to the job ({@link
   * #firstWritten} notes it before {@code subscribed} goes), else a turn's flush.lua. One taken
   * over always has its owner checked.
   */
  private final Map<Subscription, Long> expiries = Collections.synchronizedMap(new WeakHashMap<>());

  /** Those taken over: their state may still have a legacy history list (weakly held). */
  private final Set<Subscription> adopted =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private final Runnable onDirty;
  private long lastWarn = System.nanoTime() - WARN_EVERY_NANOS;

  /** {@code onDirty}: starts the next turn when a subscription has something to write. */
  HistoryWriter(ClusterStore store, Runnable onDirty) {
    this.store = store;
    this.onDirty = onDirty;
  }

  /** Any thread: {@code sub} was taken over from another front end, not started here. */
  void adopted(Subscription sub) {
    expiries.put(sub, ADOPTED);
    adopted.add(sub);
  }

  /**
   * How long a subscription's key lives in Redis from a write or refresh: twice its resume window
   * (at least 1 s), so that it is refreshed once per window (see {@link #needsRefresh}), not every
   * few seconds, and still outlives a front end that died by at least half its window.
   */
  static long ttlMillis(ResumeWindow window) {
    return 2 * Math.max(1_000, window.keepFor().toMillis());
  }

  /**
   * On {@code jobwire-cluster}: whether {@code sub}'s key has less than its window left (or an
   * unknown expiry, once taken over). One never written yet has no key to refresh.
   */
  boolean needsRefresh(Subscription sub, ResumeWindow window, long nowMillis) {
    Long pushed = expiries.get(sub);
    return pushed != null && (pushed == ADOPTED || nowMillis - pushed >= ttlMillis(window) / 2);
  }

  /** Taken over from another front end: its state may still have a legacy history list. */
  boolean adoptedHere(Subscription sub) {
    return adopted.contains(sub);
  }

  /** On {@code jobwire-cluster}: {@code sub}'s expiry was pushed at {@code nowMillis}. */
  void refreshed(Subscription sub, long nowMillis) {
    expiries.replace(sub, nowMillis);
  }

  /** Monotonic milliseconds: Redis's expiries run on real time, whatever the config's clock. */
  static long nowMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }

  /** Any thread: the subscription has something to write. */
  @Override
  public void dirty(Subscription sub) {
    dirty.add(sub);
    onDirty.run();
  }

  /**
   * On {@code jobwire-enqueue}: the first state of those of {@code subs} that are fresh and
   * pending, with their jobs, in one {@code first.lua} call to run next to the jobs; null for none.
   * Their {@code subscribed} then goes out as soon as both are in Redis, without waiting for a
   * turn.
   */
  @Override
  public FirstWrites firstWrites(List<Subscription> subs, List<String> jobIds) {
    if (!FIRST_WRITE_ON_ENQUEUE) {
      return null;
    }
    List<String> args = new ArrayList<>();
    Set<Subscription> written = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < subs.size(); i++) {
      Subscription sub = subs.get(i);
      PendingWrite write = expiries.containsKey(sub) ? null : sub.firstWrite(jobIds.get(i));
      if (write != null) {
        List<String> fields = stateFields(write);
        args.addAll(List.of(sub.id(), Long.toString(ttlMillis(write.window()))));
        args.add(Integer.toString(fields.size() / 2));
        args.addAll(fields);
        written.add(sub);
      }
    }
    return written.isEmpty() ? null : new FirstWrites(store.first(args), written);
  }

  /**
   * On {@code jobwire-enqueue}: the first write is in Redis; every later write of {@code sub}
   * checks its owner (see {@link #expiries}). Called before its {@code subscribed} goes out, and
   * before any turn can write it (it is pending until then).
   */
  @Override
  public void firstWritten(Subscription sub) {
    expiries.putIfAbsent(sub, nowMillis());
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

  /**
   * On {@code jobwire-ingress}, after each turn: writes, then sends what was written; {@code
   * onMoved} hears of the subscriptions another front end took over meanwhile.
   */
  void flush(Moved onMoved) {
    if (dirty.isEmpty() && broadcasts.isEmpty() && forwards.isEmpty()) {
      return;
    }
    Set<Subscription> subs = new LinkedHashSet<>(dirty);
    dirty.removeAll(subs);
    List<PendingWrite> writes = new ArrayList<>(subs.size());
    List<Boolean> fresh = new ArrayList<>(subs.size());
    List<String> args = new ArrayList<>();
    args.add(""); // the subscription count, set below
    for (Subscription sub : subs) {
      PendingWrite write = sub.toWrite();
      if (write != null) {
        boolean first = !expiries.containsKey(sub);
        writes.add(write);
        fresh.add(first);
        append(write, first, args);
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
    long now = nowMillis();
    for (int i = 0; i < writes.size(); i++) {
      PendingWrite write = writes.get(i);
      String owner = moved.get(write.sub().id());
      if (owner != null) {
        onMoved.moved(write, owner);
      } else {
        if (fresh.get(i)) {
          expiries.putIfAbsent(write.sub(), now);
        }
        write.sub().written(write.items().size());
      }
    }
  }

  /**
   * One subscription's part of flush.lua's ARGV: its state fields and, as fields {@code m:SEQ}, the
   * turn's deliveries (all in one HSET), then the fields of deliveries that fell out of the resume
   * window.
   */
  private static void append(PendingWrite write, boolean fresh, List<String> args) {
    Subscription sub = write.sub();
    int max = write.window().maxMessages();
    args.add(sub.id());
    args.add(Long.toString(ttlMillis(write.window())));
    args.add(fresh ? "1" : "0");
    List<String> fields = stateFields(write);
    List<String> dropped = new ArrayList<>();
    for (var item : write.items()) {
      if (max > 0 && item.message() instanceof ServerMessage.Delivery delivery) {
        fields.addAll(List.of(MESSAGE + delivery.seq(), Codec.encode(delivery)));
        if (delivery.seq() > max) {
          dropped.add(MESSAGE + (delivery.seq() - max));
        }
      }
    }
    args.add(Integer.toString(fields.size() / 2));
    args.addAll(fields);
    args.add(Integer.toString(dropped.size()));
    args.addAll(dropped);
  }

  /** The subscription's state as field/value pairs, as flush.lua and first.lua write it. */
  private static List<String> stateFields(PendingWrite write) {
    var state = write.state();
    JobStream stream = write.sub().stream();
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
    return fields;
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
