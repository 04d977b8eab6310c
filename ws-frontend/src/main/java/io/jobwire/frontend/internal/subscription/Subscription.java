package io.jobwire.frontend.internal.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.resume.HistoryWriter;
import io.jobwire.frontend.internal.resume.MemoryResumeBuffer;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import io.jobwire.frontend.internal.resume.ResumeBuffer;
import io.jobwire.frontend.internal.stream.JobStream;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One client subscription: numbers what it delivers ({@code seq}), drops duplicate worker messages
 * and holds deliveries back until its {@code subscribed} reply has gone out.
 *
 * <p>Why the buffer: a fast worker can push progress before {@code jobwire-enqueue} has sent {@code
 * subscribed}; the client must see {@code subscribed} first. Everything below runs under this
 * subscription's own lock, which guards only memory and Undertow's asynchronous send (no blocking
 * I/O), so a send queued under the lock is ordered against every other one.
 */
public final class Subscription {

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
  private final ResumeBuffer history;
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
  private HistoryWriter writer;
  private final List<ServerMessage.Delivery> held = new ArrayList<>();
  private ServerMessage.Notice notice; // sent once, right behind subscribed

  /** For tests: keeps the default resume window. */
  Subscription(String id, String topic, ClientConnection connection) {
    this(
        id,
        topic,
        connection,
        null,
        new MemoryResumeBuffer(ResumeWindow.defaults(), Clock.systemUTC()));
  }

  /**
   * @param ref copied into {@code subscribed} once the job is queued
   * @param history where deliveries are kept for a client that resumes
   */
  Subscription(
      String id, String topic, ClientConnection connection, JsonNode ref, ResumeBuffer history) {
    this(id, topic, connection.user(), connection, ref, history, new DuplicateFilter());
  }

  private Subscription(
      String id,
      String topic,
      String owner,
      ClientConnection connection,
      JsonNode ref,
      ResumeBuffer history,
      DuplicateFilter duplicates) {
    this.id = id;
    this.topic = topic;
    this.connection = connection;
    this.owner = owner;
    this.pendingRef = ref;
    this.history = history;
    this.duplicates = duplicates;
  }

  /**
   * One that another front end held, as Redis kept it: active, detached (the resuming client
   * attaches with {@link #resume}), numbering on after {@code seq}.
   */
  static Subscription restored(
      StoredState stored, RedisResumeBuffer history, HistoryWriter writer) {
    Subscription sub =
        new Subscription(
            stored.id(), stored.topic(), stored.user(), null, null, history, stored.duplicates());
    sub.seq = stored.seq();
    sub.job = stored.job();
    sub.finished = stored.finished();
    sub.state = State.ACTIVE;
    sub.writer = writer;
    return sub;
  }

  /** What Redis keeps of a subscription (see {@code RedisKeys#subscription}). */
  public record StoredState(
      String id,
      String topic,
      String user,
      long seq,
      String job,
      boolean finished,
      DuplicateFilter duplicates) {}

  /** Its deliveries are written to Redis by {@code writer} before they are sent. */
  void writeThrough(HistoryWriter value) {
    synchronized (lock) {
      writer = value;
    }
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
  ClientConnection connection() {
    synchronized (lock) {
      return connection;
    }
  }

  /**
   * The job it is following ended (result or failed) and no other will follow: it stops counting
   * toward its connection's limit. Returns false if it had already finished.
   */
  boolean finish() {
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
  long detach(ClientConnection from) {
    synchronized (lock) {
      if (connection == from) {
        connection = null;
      }
      return ++detachedGeneration;
    }
  }

  boolean stillDetached(long generation) {
    synchronized (lock) {
      return connection == null && detachedGeneration == generation && state != State.CLOSED;
    }
  }

  /** Why a resume was refused, or null when it happened. */
  enum ResumeRefusal {
    CLOSED,
    PENDING
  }

  /**
   * Moves it to {@code to}: {@code subscribed}, a {@code gap} for what is no longer kept, what came
   * after {@code after}, then live deliveries, all in order. Returns the connection it left (maybe
   * null) through {@code previous}, or a refusal.
   */
  ResumeRefusal resume(ClientConnection to, JsonNode ref, long after, ClientConnection[] previous) {
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
      ResumeBuffer.Replay replay = history.since(after);
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
    synchronized (lock) {
      if (state != State.PENDING) {
        return false;
      }
      job = jobId;
      state = State.ACTIVE;
      var subscribed = new ServerMessage.Subscribed(ref, id, topic, jobId);
      if (writer != null) {
        history.hold(subscribed, connection);
        if (notice != null) {
          history.hold(notice, connection);
        }
        writer.dirty(this);
      } else if (connection != null) {
        connection.send(subscribed);
        if (notice != null) {
          connection.send(notice);
        }
      }
      notice = null;
      for (ServerMessage.Delivery message : held) {
        deliver(withJobIfMissing(message, jobId), null);
      }
      held.clear();
      return true;
    }
  }

  /**
   * Sends a {@code notice} to the subscriber: now when it is active, right behind {@code
   * subscribed} while it is pending; not at all once it closed or while no connection holds it.
   */
  void notice(ServerMessage.Notice message) {
    synchronized (lock) {
      if (state == State.PENDING) {
        notice = message;
      } else if (state == State.ACTIVE && writer != null) {
        history.hold(message, connection);
        writer.dirty(this);
      } else if (state == State.ACTIVE && connection != null) {
        connection.send(message);
      }
    }
  }

  /** The ref of the {@code subscribe} that made it, once (for an error reply). */
  JsonNode takeRef() {
    synchronized (lock) {
      JsonNode ref = pendingRef;
      pendingRef = null;
      return ref;
    }
  }

  /** A later run of a recurring topic: messages without a job id are shown under this one. */
  public void follow(String jobId) {
    synchronized (lock) {
      if (state == State.ACTIVE) {
        job = jobId;
        if (writer != null) {
          writer.dirty(this); // the new run's job id goes to Redis with the next turn
        }
      }
    }
  }

  /** {@link #activate(String, JsonNode)} with the ref of the {@code subscribe} that made it. */
  public boolean activate(String jobId) {
    synchronized (lock) {
      JsonNode ref = pendingRef;
      pendingRef = null;
      return activate(jobId, ref);
    }
  }

  /**
   * Stops all delivery. Returns the job to cancel (queued and not known to be finished), or null.
   * After this returns, no further message for this subscription is handed to the connection.
   */
  String close() {
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
   * With a write-through history: what the {@link HistoryWriter} writes this turn, and the
   * subscription's fields as they are now; null when closed or nothing waits.
   */
  public HistoryWriter.Write toWrite() {
    synchronized (lock) {
      if (state != State.ACTIVE || !(history instanceof RedisResumeBuffer buffer)) {
        return null;
      }
      return new HistoryWriter.Write(
          this,
          buffer.window(),
          buffer.unwritten(),
          new StoredState(id, topic, owner, seq, job, finished, null),
          duplicates.toJson());
    }
  }

  /** The first {@code count} of {@link #toWrite()} are in Redis: they go to the client now. */
  public void written(int count) {
    synchronized (lock) {
      var done = ((RedisResumeBuffer) history).written(count);
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

  /** A hand-made message held before the job id was known gets it now. */
  private static ServerMessage.Delivery withJobIfMissing(
      ServerMessage.Delivery message, String jobId) {
    return switch (message) {
      case ServerMessage.Progress p when p.job() == null ->
          new ServerMessage.Progress(p.sub(), jobId, p.seq(), p.data());
      case ServerMessage.Result r when r.job() == null ->
          new ServerMessage.Result(r.sub(), jobId, r.seq(), r.data());
      case ServerMessage.Failed f when f.job() == null ->
          new ServerMessage.Failed(f.sub(), jobId, f.seq(), f.error());
      default -> message;
    };
  }

  private Outcome deliver(ServerMessage.Delivery out, IngressMessage.Routed source) {
    if (state == State.ACTIVE && writer != null) {
      if (((RedisResumeBuffer) history).unwrittenCount() >= MAX_PENDING) {
        return Outcome.OVERFLOW; // Redis is not keeping up (or down): a gap, not a crash
      }
      history.add(out, source);
      writer.dirty(this);
      return Outcome.SENT;
    }
    if (state == State.ACTIVE) {
      history.add(out);
      if (connection != null) {
        connection.send(out);
      }
      return Outcome.SENT;
    }
    if (held.size() >= MAX_PENDING) {
      return Outcome.OVERFLOW;
    }
    held.add(out);
    return Outcome.HELD;
  }

  @Override
  public String toString() {
    return "sub=" + id + " topic=" + topic + " user=" + owner;
  }
}
