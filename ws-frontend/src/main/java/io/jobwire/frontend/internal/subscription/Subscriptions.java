package io.jobwire.frontend.internal.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.frontend.internal.cluster.FrontendCluster;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import io.jobwire.frontend.internal.stream.JobStream;
import io.jobwire.frontend.internal.stream.Streams;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.runtime.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
public final class Subscriptions {
  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

  /** The shortest window kept in Redis (see HistoryWriter): a finished one lives that long. */
  static final long MIN_WINDOW_IN_REDIS_MILLIS = 1_000;

  private final FrontendConfig config;
  private final SubscriptionRegistry registry;
  private final Streams streams;
  private final SubscribeRates rates;
  private final ScheduledExecutorService timer;
  private final FrontendCluster cluster;
  private final JobAdmission admission;
  private final ServedTopics served;

  public Subscriptions(
      FrontendConfig config,
      SubscriptionRegistry registry,
      Streams streams,
      SubscribeRates rates,
      ScheduledExecutorService timer,
      FrontendCluster cluster,
      ServedTopics served) {
    this.admission = new JobAdmission(config);
    this.served = served;
    this.config = config;
    this.registry = registry;
    this.streams = streams;
    this.rates = rates;
    this.timer = timer;
    this.cluster = cluster;
    streams.listen(sub -> admission.release(sub.id()), this::finished, this::queueFailed);
  }

  /** On an IO thread: validates, registers and hands the enqueue over; never blocks. */
  public void subscribe(ClientConnection connection, ClientMessage.Subscribe request) {
    subscribe(connection, request, null, false);
  }

  /**
   * The same, with a deadline (epoch ms) for its job on top of the topic's own {@code timeout};
   * null for none. A WAMP call's {@code timeout} arrives here, and a call is {@code once}: on a
   * recurring topic of its own it runs one job and ends with it, like a one-shot.
   */
  public void subscribe(
      ClientConnection connection, ClientMessage.Subscribe request, Long deadline, boolean once) {
    JsonNode ref = request.ref();
    String limited = rates.refuse(connection);
    if (limited != null) {
      connection.send(new ServerMessage.Error(ref, ErrorCode.RATE_LIMITED, limited));
      return;
    }
    if (request.resume() != null) {
      resume(connection, request);
      return;
    }
    String topic = request.topic();
    if (!config.allowsTopic(topic)) {
      connection.send(
          new ServerMessage.Error(
              ref, ErrorCode.UNKNOWN_TOPIC, "topic '" + topic + "' is not offered here"));
      return;
    }
    if (request.batch() != null && !batchable(topic)) {
      connection.send(
          new ServerMessage.Error(
              ref,
              ErrorCode.BAD_REQUEST,
              "topic '" + topic + "' is shared or recurring: a 'batch' needs a one-shot topic"));
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
    if (request.batch() != null) {
      List<JsonNode> batch = new ArrayList<>();
      request.batch().forEach(batch::add);
      streams.joinBatch(subscription, batch, connection.user(), deadline);
    } else {
      streams.join(subscription, request.params(), connection.user(), deadline, once);
    }
    served.subscribed(subscription);
    log.debug("{} subscribing", subscription);
  }

  /** On an IO thread: ends one of this user's subscriptions. */
  public void unsubscribe(ClientConnection connection, ClientMessage.Unsubscribe request) {
    Subscription subscription = registry.get(request.sub());
    if (subscription != null && !sameUser(subscription, connection)) {
      connection.send(forbidden(request.ref(), request.sub()));
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
      long generation = subscription.detach(connection);
      timer.schedule(
          () -> {
            if (subscription.stillDetached(generation)) {
              end(subscription, "not resumed in time");
            }
          },
          keepFor,
          TimeUnit.MILLISECONDS);
    }
  }

  private void resume(ClientConnection connection, ClientMessage.Subscribe request) {
    JsonNode ref = request.ref();
    String subId = request.resume().sub();
    Subscription subscription = registry.get(subId);
    if (subscription == null && cluster != null && cluster.historyInRedis()) {
      if (roomFor(connection, ref)) {
        cluster.resume(connection, ref, subId, request.resume().after());
      }
      return;
    }
    if (subscription == null) {
      connection.send(notFound(ref, subId));
      return;
    }
    if (!sameUser(subscription, connection)) {
      connection.send(forbidden(ref, subId));
      return;
    }
    boolean counts = !subscription.isFinished() && subscription.connection() != connection;
    if (counts && !roomFor(connection, ref)) {
      return;
    }
    ClientConnection[] previous = new ClientConnection[1];
    Subscription.ResumeRefusal refusal =
        subscription.resume(connection, ref, request.resume().after(), previous);
    if (refusal != null) {
      connection.send(
          refusal == Subscription.ResumeRefusal.PENDING
              ? new ServerMessage.Error(
                  ref,
                  ErrorCode.UNAVAILABLE,
                  "subscription '" + subId + "' is still being" + " queued; try again shortly")
              : new ServerMessage.Error(
                  ref, ErrorCode.NOT_FOUND, "subscription '" + subId + "' has ended"));
      return;
    }
    if (previous[0] != null && previous[0] != connection) {
      previous[0].detach(subscription);
    }
    if (!subscription.isFinished()) {
      connection.attach(subscription);
    }
    log.debug("{} resumed after seq {}", subscription, request.resume().after());
  }

  /**
   * On {@code jobwire-ingress}: a subscription taken over from another front end resumes on {@code
   * connection}. False (and an error reply) when one with its id lives here already.
   */
  boolean adopt(
      Subscription sub, Restored restored, ClientConnection connection, JsonNode ref, long after) {
    if (registry.get(sub.id()) != null) {
      connection.send(
          new ServerMessage.Error(
              ref, ErrorCode.UNAVAILABLE, "subscription '" + sub.id() + "' is busy; try again"));
      return false;
    }
    registry.add(sub);
    streams.adopt(sub, restored);
    sub.resume(connection, ref, after, new ClientConnection[1]);
    if (sub.isFinished()) {
      long keepFor = windowOf(sub.topic()).keepFor().toMillis();
      timer.schedule(() -> end(sub, "finished"), keepFor, TimeUnit.MILLISECONDS);
      return true;
    }
    connection.attach(sub);
    if (connection.isClosed()) {
      connection.detach(sub);
      long generation = sub.detach(connection);
      timer.schedule(
          () -> {
            if (sub.stillDetached(generation)) {
              end(sub, "not resumed in time");
            }
          },
          windowOf(sub.topic()).keepFor().toMillis(),
          TimeUnit.MILLISECONDS);
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
    connection.send(
        new ServerMessage.Error(
            ref,
            ErrorCode.TOO_MANY_SUBSCRIPTIONS,
            "at most "
                + config.maxSubscriptionsPerConnection()
                + " subscriptions per connection; unsubscribe one first"));
    return false;
  }

  private ResumeWindow windowOf(String topic) {
    return windowOf(config, topic);
  }

  public static ResumeWindow windowOf(FrontendConfig config, String topic) {
    TopicOptions options = config.optionsOf(topic);
    return options.retention() != null ? options.retention() : config.resume();
  }

  static ServerMessage.Error notFound(JsonNode ref, String subId) {
    return new ServerMessage.Error(
        ref,
        ErrorCode.NOT_FOUND,
        "no subscription '"
            + subId
            + "' to resume: it ended or its resume window passed; subscribe again");
  }

  private static boolean sameUser(Subscription subscription, ClientConnection connection) {
    return Objects.equals(subscription.owner(), connection.user());
  }

  static ServerMessage.Error forbidden(JsonNode ref, String sub) {
    return new ServerMessage.Error(
        ref, ErrorCode.FORBIDDEN, "subscription '" + sub + "' belongs to another user");
  }
}
