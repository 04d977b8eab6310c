package io.jobwire.frontend.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.broker.JobRequest;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.protocol.ClientMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and ends subscriptions: {@code subscribe} and {@code unsubscribe} on IO threads, the
 * enqueue outcome on {@code jobwire-enqueue}, connection close wherever Undertow closes it.
 *
 * <p>Removal from the {@link SubscriptionRegistry} decides who ends a subscription: only the caller
 * that removed it closes it and cancels its job, so racing ends do it once.
 */
final class Subscriptions implements Enqueuer.Outcome {
  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

  private final FrontendConfig config;
  private final String replyTo;
  private final SubscriptionRegistry registry;
  private final QueueCalls calls;
  private Enqueuer enqueuer;

  Subscriptions(
      FrontendConfig config, String replyTo, SubscriptionRegistry registry, QueueCalls calls) {
    this.config = config;
    this.replyTo = replyTo;
    this.registry = registry;
    this.calls = calls;
  }

  /** Wired after construction: the enqueuer reports back to this object. */
  void useEnqueuer(Enqueuer value) {
    enqueuer = value;
  }

  /** On an IO thread: validates, registers and hands the enqueue over; never blocks. */
  void subscribe(ClientConnection connection, ClientMessage.Subscribe request) {
    JsonNode ref = request.ref();
    if (request.resume() != null) {
      connection.send(
          new ServerMessage.Error(
              ref,
              ErrorCode.NOT_FOUND,
              "cannot resume sub '"
                  + request.resume().sub()
                  + "': this front end does not keep subscriptions after a disconnect yet;"
                  + " subscribe again"));
      return;
    }
    String topic = request.topic();
    if (!config.allowsTopic(topic)) {
      connection.send(
          new ServerMessage.Error(
              ref, ErrorCode.UNKNOWN_TOPIC, "topic '" + topic + "' is not offered here"));
      return;
    }
    if (connection.subscriptionCount() >= config.maxSubscriptionsPerConnection()) {
      connection.send(
          new ServerMessage.Error(
              ref,
              ErrorCode.TOO_MANY_SUBSCRIPTIONS,
              "at most "
                  + config.maxSubscriptionsPerConnection()
                  + " subscriptions per connection; unsubscribe one first"));
      return;
    }
    Subscription subscription = new Subscription(Ids.subscription(), topic, connection);
    connection.attach(subscription);
    registry.add(subscription);
    if (connection.isClosed()) {
      // The connection closed on another thread between the checks above and attach.
      end(subscription, "connection closed");
      return;
    }
    ObjectNode route = Codec.mapper().createObjectNode();
    route.put("sub", subscription.id()).put("fe", config.frontendId());
    JobRequest job =
        new JobRequest(topic, request.params(), connection.user(), replyTo, route, 0, null);
    enqueuer.submit(new Enqueuer.Pending(subscription, job, ref));
    log.debug("{} subscribing", subscription);
  }

  /** On an IO thread: ends one of this connection's subscriptions. */
  void unsubscribe(ClientConnection connection, ClientMessage.Unsubscribe request) {
    Subscription subscription = registry.get(request.sub());
    if (subscription == null
        || subscription.connection() != connection
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

  /** The connection is gone: ends all its subscriptions and cancels their unfinished jobs. */
  void connectionClosed(ClientConnection connection) {
    connection.markClosed();
    for (Subscription subscription : connection.detachAll()) {
      end(subscription, "connection closed");
    }
  }

  @Override
  public void queued(Enqueuer.Pending pending, String job) {
    Subscription subscription = pending.subscription();
    if (subscription.activate(job, pending.ref())) {
      log.debug("{} job={} queued, subscribed", subscription, job);
    } else {
      // Ended while its job was being queued: nobody will read the results.
      calls.cancel(job, subscription.id() + " ended while queueing");
    }
  }

  @Override
  public void failed(Enqueuer.Pending pending, RuntimeException cause) {
    Subscription subscription = pending.subscription();
    if (end(subscription, "enqueue failed")) {
      subscription
          .connection()
          .send(
              new ServerMessage.Error(
                  pending.ref(),
                  ErrorCode.UNAVAILABLE,
                  "could not queue the job: the job queue is unavailable; try again"));
    }
  }

  /** Ends the subscription if it is still registered; returns false if someone else did. */
  private boolean end(Subscription subscription, String why) {
    if (!registry.remove(subscription)) {
      return false;
    }
    subscription.connection().detach(subscription);
    String unfinishedJob = subscription.close();
    if (unfinishedJob != null) {
      calls.cancel(unfinishedJob, subscription.id() + " " + why);
    }
    return true;
  }
}
