package io.jobwire.frontend.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.enqueue.Enqueuer;
import io.jobwire.frontend.internal.enqueue.QueueCalls;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import io.jobwire.frontend.internal.subscription.Delivery;
import io.jobwire.frontend.internal.subscription.DirectDelivery;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.frontend.internal.subscription.WriteThrough;
import io.jobwire.frontend.internal.subscription.WriteThroughDelivery;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.runtime.Ids;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, resumes and ends subscriptions: {@code subscribe} and {@code unsubscribe} on IO threads,
 * finishing on {@code jobwire-ingress}, expiry on {@code jobwire-timer}, connection close wherever
 * Undertow closes it.
 *
 * <p>Removal from the {@link SubscriptionRegistry} decides who ends a subscription: only the caller
 * that removed it closes it and leaves its stream, so racing ends do it once. A subscription
 * outlives its connection for the resume window (its job keeps running) and a finished one-shot
 * subscription stays resumable for that window, without counting toward the connection's limit.
 */
public final class Subscriptions implements Enqueuer.Outcome {
  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

  /** The shortest window kept in Redis (see HistoryWriter): a finished one lives that long. */
  static final long MIN_WINDOW_IN_REDIS_MILLIS = 1_000;

  private final FrontendConfig config;
  private final SubscriptionRegistry registry;
  private final Streams streams;
  private final SubscribeRates rates;
  private final ScheduledExecutorService timer;
  private final Peers cluster; // null when alone
  private final JobAdmission admission;
  private final ServedTopics served;

  /**
   * {@code replyTo}: where workers send their messages; {@code runs}: how streams queue their jobs;
   * {@code cluster}: the other front ends, or null when alone.
   */
  public Subscriptions(
      FrontendConfig config,
      Supplier<String> replyTo,
      SubscriptionRegistry registry,
      QueueCalls calls,
      Runs runs,
      SubscribeRates rates,
      ScheduledExecutorService timer,
      Peers cluster,
      ServedTopics served) {
    this.admission = new JobAdmission(config);
    this.served = served;
    this.config = config;
    this.registry = registry;
    this.streams = new Streams(config, replyTo, registry, calls, runs, timer, cluster);
    this.rates = rates;
    this.timer = timer;
    this.cluster = cluster;
  }

  /**
   * On an IO thread: validates, registers and hands the enqueue over; never blocks. Returns false
   * for a resume of a subscription this front end does not hold while another front end may
   * (history in Redis): the caller takes it over, nothing was answered.
   */
  public boolean subscribe(ClientConnection connection, ClientMessage.Subscribe request) {
    JsonNode ref = request.ref();
    String limited = rates.refuse(connection);
    if (limited != null) {
      connection.send(new ServerMessage.Error(ref, ErrorCode.RATE_LIMITED, limited));
      return true;
    }
    if (request.resume() != null) {
      return resume(connection, request);
    }
    subscribeNew(connection, request, null, false);
    return true;
  }

  /**
   * The same, with a deadline (epoch ms) for its job on top of the topic's own {@code timeout};
   * null for none. A WAMP call's {@code timeout} arrives here, and a call is {@code once}: on a
   * recurring topic of its own it runs one job and ends with it, like a one-shot.
   */
  public void subscribe(
      ClientConnection connection, ClientMessage.Subscribe request, Long deadline, boolean once) {
    String limited = rates.refuse(connection);
    if (limited != null) {
      connection.send(new ServerMessage.Error(request.ref(), ErrorCode.RATE_LIMITED, limited));
      return;
    }
    subscribeNew(connection, request, deadline, once);
  }

  private void subscribeNew(
      ClientConnection connection, ClientMessage.Subscribe request, Long deadline, boolean once) {
    JsonNode ref = request.ref();
    String topic = request.topic();
    if (!config.allowsTopic(topic)) {
      connection.send(Refusals.unknownTopic(ref, topic));
      return;
    }
    if (request.batch() != null && !batchable(topic)) {
      connection.send(Refusals.notBatchable(ref, topic));
      return;
    }
    if (!roomFor(connection, ref)) {
      return;
    }
    String id = Ids.subscription();
    String busy = admission.admit(connection, topic, id);
    if (busy != null) {
      connection.send(new ServerMessage.Error(ref, ErrorCode.TOO_MANY_JOBS, busy));
      return;
    }
    boolean inRedis = cluster != null && cluster.historyInRedis();
    Delivery delivery =
        inRedis
            ? new WriteThroughDelivery(
                new RedisResumeBuffer(windowOf(topic), config.clock()), cluster.writer())
            : new DirectDelivery(windowOf(topic), config.clock());
    Subscription subscription = new Subscription(id, topic, connection, ref, delivery);
    connection.attach(subscription);
    registry.add(subscription);
    if (connection.isClosed()) {
      // The connection closed on another thread between the checks above and attach.
      end(subscription, "connection closed");
      return;
    }
    join(subscription, request, connection.user(), deadline, once);
    served.subscribed(subscription);
    log.debug("{} subscribing", subscription);
  }

  /** On an IO thread: ends one of this user's subscriptions. */
  public void unsubscribe(ClientConnection connection, ClientMessage.Unsubscribe request) {
    Subscription subscription = registry.get(request.sub());
    if (subscription != null && !sameUser(subscription, connection)) {
      connection.send(Refusals.forbidden(request.ref(), request.sub()));
      return;
    }
    if (subscription == null
        || (subscription.connection() != connection && subscription.owner() == null)
        || !end(subscription, "unsubscribed")) {
      connection.send(
          new ServerMessage.Error(
              request.ref(),
              ErrorCode.NOT_FOUND,
              "no subscription '" + request.sub() + "' on this connection"));
      return;
    }
    connection.send(new ServerMessage.Unsubscribed(request.ref(), subscription.id()));
    log.debug("{} unsubscribed", subscription);
  }

  /**
   * The connection is gone: its subscriptions wait for a resume (their jobs keep running) and end
   * when the window passes; with no window, or on a connection that cannot resume (WAMP), they end
   * now and their unfinished jobs are cancelled.
   */
  public void connectionClosed(ClientConnection connection) {
    connection.markClosed();
    for (ClientConnection.Attachment attached : connection.detachAll()) {
      if (!(attached instanceof Subscription subscription)) {
        continue;
      }
      long keepFor =
          connection.resumable() ? windowOf(subscription.topic()).keepFor().toMillis() : 0;
      if (keepFor == 0) {
        end(subscription, "connection closed");
        continue;
      }
      awaitResume(subscription, connection, keepFor);
    }
  }

  /** Its connection is gone: it ends unless a client resumes it within {@code keepFor} ms. */
  private void awaitResume(Subscription subscription, ClientConnection gone, long keepFor) {
    long generation = subscription.detach(gone);
    timer.schedule(
        () -> {
          if (subscription.stillDetached(generation)) {
            end(subscription, "not resumed in time");
          }
        },
        keepFor,
        TimeUnit.MILLISECONDS);
  }

  /** False when another front end may hold it and there is room for it here (a takeover). */
  private boolean resume(ClientConnection connection, ClientMessage.Subscribe request) {
    JsonNode ref = request.ref();
    String subId = request.resume().sub();
    Subscription subscription = registry.get(subId);
    if (subscription == null && historyInRedis()) {
      return !roomFor(connection, ref);
    }
    if (subscription == null) {
      connection.send(Refusals.notFound(ref, subId));
      return true;
    }
    if (!sameUser(subscription, connection)) {
      connection.send(Refusals.forbidden(ref, subId));
      return true;
    }
    boolean counts = !subscription.isFinished() && subscription.connection() != connection;
    if (counts && !roomFor(connection, ref)) {
      return true;
    }
    ClientConnection[] previous = new ClientConnection[1];
    Subscription.ResumeRefusal refusal =
        subscription.resume(connection, ref, request.resume().after(), previous);
    if (refusal != null) {
      connection.send(
          refusal == Subscription.ResumeRefusal.PENDING
              ? Refusals.stillQueueing(ref, subId)
              : Refusals.ended(ref, subId));
      return true;
    }
    if (previous[0] != null && previous[0] != connection) {
      previous[0].detach(subscription);
    }
    if (!subscription.isFinished()) {
      connection.attach(subscription);
    }
    log.debug("{} resumed after seq {}", subscription, request.resume().after());
    return true;
  }

  /**
   * On {@code jobwire-ingress}: a subscription taken over from another front end resumes on {@code
   * connection}. False (and an error reply) when one with its id lives here already.
   */
  public boolean adopt(
      Subscription sub, TakenOver taken, ClientConnection connection, JsonNode ref, long after) {
    if (registry.get(sub.id()) != null) {
      connection.send(
          new ServerMessage.Error(
              ref, ErrorCode.UNAVAILABLE, "subscription '" + sub.id() + "' is busy; try again"));
      return false;
    }
    registry.add(sub);
    streams.adopt(sub, taken);
    sub.resume(connection, ref, after, new ClientConnection[1]);
    if (sub.isFinished()) {
      long keepFor = windowOf(sub.topic()).keepFor().toMillis();
      timer.schedule(() -> end(sub, "finished"), keepFor, TimeUnit.MILLISECONDS);
      return true;
    }
    connection.attach(sub);
    if (connection.isClosed()) {
      connection.detach(sub);
      awaitResume(sub, connection, windowOf(sub.topic()).keepFor().toMillis());
    }
    return true;
  }

  /**
   * On {@code jobwire-ingress}: another front end took the subscription over. It ends here quietly:
   * no reply, its job runs on, its state in Redis is the new owner's.
   */
  public void dropMoved(Subscription sub) {
    if (!registry.remove(sub)) {
      return;
    }
    admission.release(sub.id());
    ClientConnection connection = sub.connection();
    if (connection != null) {
      connection.detach(sub);
    }
    sub.close();
    streams.drop(sub);
  }

  /** On an IO thread: puts a new subscription on its stream (its own, or a shared one). */
  private void join(
      Subscription subscription,
      ClientMessage.Subscribe request,
      String user,
      Long deadline,
      boolean once) {
    if (request.batch() != null) {
      List<JsonNode> batch = new ArrayList<>();
      request.batch().forEach(batch::add);
      streams.joinBatch(subscription, batch, user, deadline);
    } else {
      streams.join(subscription, request.params(), user, deadline, once);
    }
  }

  /**
   * On {@code jobwire-ingress}, before a result or failed for {@code job} is offered to the stream:
   * when it ends the stream, its members hear it first, so that whatever they free (the user's job
   * budget) is free before the client can read the final message and act on it.
   */
  public void ending(JobStream stream, String job) {
    streams.ending(stream, job).forEach(sub -> admission.release(sub.id()));
  }

  /** On {@code jobwire-ingress}: a result or failed for {@code job} reached the stream. */
  public void runEnded(JobStream stream, String job) {
    streams.runEnded(stream, job).forEach(this::finished);
  }

  @Override
  public void queued(Enqueuer.Pending pending, String job) {
    queued(pending, job, false);
  }

  @Override
  public void queued(Enqueuer.Pending pending, String job, boolean written) {
    if (written) {
      pending.stream().members().forEach(cluster.writer()::firstWritten);
    }
    streams.queued(pending, job, written);
  }

  /**
   * With history in Redis, the first run of a stream of its own: its one member's first state, to
   * write next to the job (see {@link WriteThrough#firstWrites}). Batches, shared streams and later
   * runs are written in the ingress's turn.
   */
  @Override
  public Enqueuer.FirstWrites firstWrites(List<Enqueuer.Pending> pendings, List<String> jobs) {
    if (!historyInRedis()) {
      return null;
    }
    List<Subscription> subs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < pendings.size(); i++) {
      Subscription first = firstRunMember(pendings.get(i));
      if (first != null) {
        subs.add(first);
        ids.add(jobs.get(i));
        at.add(i);
      }
    }
    WriteThrough.FirstWrites writes =
        subs.isEmpty() ? null : cluster.writer().firstWrites(subs, ids);
    if (writes == null) {
      return null;
    }
    Set<Integer> positions = new HashSet<>();
    for (int k = 0; k < subs.size(); k++) {
      if (writes.subs().contains(subs.get(k))) {
        positions.add(at.get(k));
      }
    }
    return new Enqueuer.FirstWrites(writes.call(), positions);
  }

  /** The one member of a stream of its own about to queue its first job, else null. */
  private static Subscription firstRunMember(Enqueuer.Pending pending) {
    JobStream stream = pending.stream();
    if (pending.batch() != null || stream.shareKey() != null || stream.hadRun()) {
      return null;
    }
    List<Subscription> members = stream.members();
    return members.size() == 1 ? members.get(0) : null;
  }

  @Override
  public void failed(Enqueuer.Pending pending, RuntimeException cause) {
    for (Subscription member : streams.failed(pending, cause)) {
      queueFailed(member, "could not queue the job: the job queue is unavailable; try again");
    }
  }

  @Override
  public boolean isLive(Enqueuer.Pending pending) {
    return streams.isLive(pending);
  }

  /** On {@code jobwire-ingress}: a one-shot subscription's job ended. */
  private void finished(Subscription subscription) {
    if (!subscription.finish()) {
      return;
    }
    admission.release(subscription.id());
    ClientConnection connection = subscription.connection();
    if (connection != null) {
      connection.detach(subscription);
    }
    long keepFor =
        connection == null || connection.resumable()
            ? windowOf(subscription.topic()).keepFor().toMillis()
            : 0;
    if (keepFor == 0 && !historyInRedis()) {
      end(subscription, "finished");
      return;
    }
    // With history in Redis the final message is sent only once this turn is written: ending the
    // subscription now would drop it unsent. Redis keeps any window at least that long anyway.
    long wait = historyInRedis() ? Math.max(keepFor, MIN_WINDOW_IN_REDIS_MILLIS) : keepFor;
    timer.schedule(() -> end(subscription, "finished"), wait, TimeUnit.MILLISECONDS);
  }

  private boolean historyInRedis() {
    return cluster != null && cluster.historyInRedis();
  }

  private void queueFailed(Subscription subscription, String message) {
    ClientConnection connection = subscription.connection();
    if (end(subscription, "enqueue failed") && connection != null) {
      connection.send(
          new ServerMessage.Error(subscription.takeRef(), ErrorCode.UNAVAILABLE, message));
    }
  }

  /** Ends the subscription if it is still registered; returns false if someone else did. */
  private boolean end(Subscription subscription, String why) {
    if (!registry.remove(subscription)) {
      return false;
    }
    admission.release(subscription.id());
    ClientConnection connection = subscription.connection();
    if (connection != null) {
      connection.detach(subscription);
    }
    subscription.close();
    JobStream stream = subscription.stream();
    if (cluster != null
        && cluster.historyInRedis()
        && (stream == null || stream.shareKey() != null)) {
      cluster.release(subscription.id(), null);
    }
    streams.leave(subscription, why);
    return true;
  }

  private boolean batchable(String topic) {
    TopicOptions options = config.optionsOf(topic);
    return !options.shared() && !options.recurring();
  }

  private boolean roomFor(ClientConnection connection, JsonNode ref) {
    if (connection.subscriptionCount() < config.maxSubscriptionsPerConnection()) {
      return true;
    }
    connection.send(Refusals.tooManySubscriptions(ref, config.maxSubscriptionsPerConnection()));
    return false;
  }

  private ResumeWindow windowOf(String topic) {
    return windowOf(config, topic);
  }

  public static ResumeWindow windowOf(FrontendConfig config, String topic) {
    TopicOptions options = config.optionsOf(topic);
    return options.retention() != null ? options.retention() : config.resume();
  }

  private static boolean sameUser(Subscription subscription, ClientConnection connection) {
    return Objects.equals(subscription.owner(), connection.user());
  }
}
