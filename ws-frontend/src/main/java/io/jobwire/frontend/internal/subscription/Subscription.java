package io.jobwire.frontend.internal.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.resume.ResumeBuffer;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import java.time.Clock;

/**
 * One client subscription: numbers what it delivers ({@code seq}), drops duplicate worker messages
 * ({@link DuplicateFilter}), holds deliveries back until its {@code subscribed} reply has gone out
 * ({@link HeldUntilSubscribed}), and hands the rest to its {@link Delivery} (sent at once, or once
 * written to Redis).
 *
 * <p>Everything below runs under this subscription's own lock, which guards only memory and
 * Undertow's asynchronous send (no blocking I/O), so a send queued under the lock is ordered
 * against every other one.
 */
public final class Subscription implements ClientConnection.Attachment {

  /** The most deliveries held while the job is being queued; more are dropped (a seq gap). */
  public static final int MAX_PENDING = 1000;

  enum State {
    PENDING,
    ACTIVE,
    CLOSED
  }

  /** What became of an offered message. */
  public enum Outcome {
    SENT,
    HELD,
    DUPLICATE,
    OVERFLOW,
    CLOSED
  }

  private final String id;
  private final String topic;
  private final String owner;
  private final Delivery delivery;
  private final Object lock = new Object();

  // Guarded by lock.
  private ClientConnection connection;
  private JsonNode pendingRef;
  private boolean finished;
  private long detachedGeneration;
  private State state = State.PENDING;
  private String job;
  private long seq;
  private final DuplicateFilter duplicates;
  private final HeldUntilSubscribed held = new HeldUntilSubscribed();

  /** For tests: keeps the default resume window. */
  public Subscription(String id, String topic, ClientConnection connection) {
    this(
        id,
        topic,
        connection,
        null,
        new DirectDelivery(ResumeWindow.defaults(), Clock.systemUTC()));
  }

  /**
   * @param ref copied into {@code subscribed} once the job is queued
   * @param delivery how its messages reach the client and are kept for a resume
   */
  public Subscription(
      String id, String topic, ClientConnection connection, JsonNode ref, Delivery delivery) {
    this(id, topic, connection.user(), connection, ref, delivery, new DuplicateFilter());
  }

  private Subscription(
      String id,
      String topic,
      String owner,
      ClientConnection connection,
      JsonNode ref,
      Delivery delivery,
      DuplicateFilter duplicates) {
    this.id = id;
    this.topic = topic;
    this.connection = connection;
    this.owner = owner;
    this.pendingRef = ref;
    this.delivery = delivery;
    this.duplicates = duplicates;
  }

  /**
   * One that another front end held, as Redis kept it: active, detached (the resuming client
   * attaches with {@link #resume}), numbering on after {@code seq}.
   */
  public static Subscription restored(StoredState stored, WriteThroughDelivery delivery) {
    Subscription sub =
        new Subscription(
            stored.id(), stored.topic(), stored.user(), null, null, delivery, stored.duplicates());
    synchronized (sub.lock) {
      sub.seq = stored.seq();
      sub.job = stored.job();
      sub.finished = stored.finished();
      sub.state = State.ACTIVE;
    }
    return sub;
  }

  private volatile JobStream stream;

  /** The stream whose jobs it follows; set once when it joins. */
  public JobStream stream() {
    return stream;
  }

  public void useStream(JobStream value) {
    stream = value;
  }

  /** The user who subscribed (null when anonymous); only they may resume it. */
  public String owner() {
    return owner;
  }

  public String id() {
    return id;
  }

  public String topic() {
    return topic;
  }

  /** The connection it delivers to; null while detached (its client is gone, it may resume). */
  public ClientConnection connection() {
    synchronized (lock) {
      return connection;
    }
  }

  /**
   * The job it is following ended (result or failed) and no other will follow: it stops counting
   * toward its connection's limit. Returns false if it had already finished.
   */
  public boolean finish() {
    synchronized (lock) {
      if (finished) {
        return false;
      }
      finished = true;
      return true;
    }
  }

  public boolean isFinished() {
    synchronized (lock) {
      return finished;
    }
  }

  /**
   * Its connection closed: it keeps collecting deliveries for a resume. Returns a generation
   * number; {@link #stillDetached} with it tells whether nobody resumed it since.
   */
  public long detach(ClientConnection from) {
    synchronized (lock) {
      if (connection == from) {
        connection = null;
      }
      return ++detachedGeneration;
    }
  }

  public boolean stillDetached(long generation) {
    synchronized (lock) {
      return connection == null && detachedGeneration == generation && state != State.CLOSED;
    }
  }

  /** Why a resume was refused, or null when it happened. */
  public enum ResumeRefusal {
    CLOSED,
    PENDING
  }

  /**
   * Moves it to {@code to}: {@code subscribed}, a {@code gap} for what is no longer kept, what came
   * after {@code after}, then live deliveries, all in order. Returns the connection it left (maybe
   * null) through {@code previous}, or a refusal.
   */
  public ResumeRefusal resume(
      ClientConnection to, JsonNode ref, long after, ClientConnection[] previous) {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return ResumeRefusal.CLOSED;
      }
      if (state == State.PENDING) {
        return ResumeRefusal.PENDING;
      }
      previous[0] = connection;
      connection = to;
      detachedGeneration++;
      to.send(new ServerMessage.Subscribed(ref, id, topic, job));
      ResumeBuffer.Replay replay = delivery.since(after);
      if (replay.hasGap()) {
        to.send(new ServerMessage.Gap(id, replay.gapFrom(), replay.gapTo()));
      }
      replay.messages().forEach(to::send);
      return null;
    }
  }

  /** True once the final message of {@code jobId} reached it. */
  public boolean hasSeenEnd(String jobId) {
    synchronized (lock) {
      return duplicates.hasFinished(jobId);
    }
  }

  /** The first job, once it is queued; null before. */
  String job() {
    synchronized (lock) {
      return job;
    }
  }

  State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** A worker's (or the broker's) message for this subscription. */
  public Outcome offer(IngressMessage.Routed message) {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return Outcome.CLOSED;
      }
      if (duplicates.isDuplicate(message)) {
        return Outcome.DUPLICATE;
      }
      // A hand-made message may name no job: the client sees it under the subscription's job.
      String jobId = message.job() != null ? message.job() : job;
      long next = ++seq;
      ServerMessage.Delivery out =
          switch (message) {
            case IngressMessage.Progress p -> new ServerMessage.Progress(id, jobId, next, p.data());
            case IngressMessage.Result r -> new ServerMessage.Result(id, jobId, next, r.data());
            case IngressMessage.Failed f -> new ServerMessage.Failed(id, jobId, next, f.error());
          };
      return deliver(out, message);
    }
  }

  /** Data published to this subscription's topic. */
  public Outcome publish(JsonNode data) {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return Outcome.CLOSED;
      }
      return deliver(new ServerMessage.Event(id, ++seq, data), null);
    }
  }

  /**
   * The first job is queued: sends {@code subscribed}, then whatever arrived meanwhile. Returns
   * false when the subscription was closed in the meantime (the caller cancels the job).
   */
  public boolean activate(String jobId, JsonNode ref) {
    return activate(jobId, ref, false);
  }

  /**
   * As {@link #activate(String, JsonNode)}; {@code written}: its {@link #firstWrite} is in Redis
   * with {@code jobId}, so {@code subscribed} goes out now instead of waiting for a write (what
   * arrived meanwhile still waits for its own).
   */
  private boolean activate(String jobId, JsonNode ref, boolean written) {
    synchronized (lock) {
      if (state != State.PENDING) {
        return false;
      }
      job = jobId;
      state = State.ACTIVE;
      var subscribed = new ServerMessage.Subscribed(ref, id, topic, jobId);
      if (!written) {
        delivery.reply(this, subscribed, connection);
      } else if (connection != null) {
        connection.send(subscribed);
      }
      ServerMessage.Notice notice = held.takeNotice();
      if (notice != null) {
        delivery.reply(this, notice, connection);
      }
      for (ServerMessage.Delivery message : held.take(jobId)) {
        deliver(message, null);
      }
      return true;
    }
  }

  /**
   * Sends a {@code notice} to the subscriber: now when it is active, right behind {@code
   * subscribed} while it is pending; not at all once it closed or while no connection holds it.
   */
  public void notice(ServerMessage.Notice message) {
    synchronized (lock) {
      if (state == State.PENDING) {
        held.notice(message);
      } else if (state == State.ACTIVE) {
        delivery.reply(this, message, connection);
      }
    }
  }

  /** The ref of the {@code subscribe} that made it, once (for an error reply). */
  public JsonNode takeRef() {
    synchronized (lock) {
      JsonNode ref = pendingRef;
      pendingRef = null;
      return ref;
    }
  }

  /** A later run of a recurring topic: messages without a job id are shown under this one. */
  void follow(String jobId) {
    synchronized (lock) {
      if (state == State.ACTIVE) {
        job = jobId;
        delivery.changed(this);
      }
    }
  }

  /** {@link #activate(String, JsonNode)} with the ref of the {@code subscribe} that made it. */
  public boolean activate(String jobId) {
    return activate(jobId, false);
  }

  /** The same; {@code written}: its {@link #firstWrite} with {@code jobId} is in Redis. */
  public boolean activate(String jobId, boolean written) {
    synchronized (lock) {
      JsonNode ref = pendingRef;
      pendingRef = null;
      return activate(jobId, ref, written);
    }
  }

  /**
   * Stops all delivery. Returns the job to cancel (queued and not known to be finished), or null.
   * After this returns, no further message for this subscription is handed to the connection.
   */
  public String close() {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return null;
      }
      state = State.CLOSED;
      held.clear();
      return job != null && !duplicates.hasFinished(job) ? job : null;
    }
  }

  /**
   * With history in Redis: what this turn writes, and the subscription's fields as they are now;
   * null when closed or nothing is written.
   */
  public PendingWrite toWrite() {
    synchronized (lock) {
      if (state != State.ACTIVE) {
        return null;
      }
      var now = new StoredState(id, topic, owner, seq, job, finished, null);
      return delivery.toWrite(this, now, duplicates.toJson());
    }
  }

  /**
   * With history in Redis, before its first job {@code jobId} is queued: its state as it will be
   * once active, to write next to the job. Null unless it is still pending with nothing numbered
   * (something published to it meanwhile): the ingress's turn writes it then, as any other.
   */
  public PendingWrite firstWrite(String jobId) {
    synchronized (lock) {
      if (state != State.PENDING || seq != 0) {
        return null;
      }
      var first = new StoredState(id, topic, owner, 0, jobId, false, null);
      return delivery.toWrite(this, first, duplicates.toJson());
    }
  }

  /** The first {@code count} of {@link #toWrite()} are in Redis: they go to the client now. */
  public void written(int count) {
    synchronized (lock) {
      var done = delivery.written(count);
      if (connection == null || state == State.CLOSED) {
        return;
      }
      for (var item : done) {
        if (item.target() == null || item.target() == connection) {
          connection.send(item.message());
        }
      }
    }
  }

  private Outcome deliver(ServerMessage.Delivery out, IngressMessage.Routed source) {
    return state == State.ACTIVE ? delivery.deliver(this, out, source, connection) : held.hold(out);
  }

  @Override
  public String toString() {
    return "sub=" + id + " topic=" + topic + " user=" + owner;
  }
}
