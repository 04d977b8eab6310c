package io.jobwire.frontend.internal.ingress;

import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.lifecycle.Subscriptions;
import io.jobwire.frontend.internal.metrics.Counters;
import io.jobwire.frontend.internal.subscription.BatchFinish;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes what arrives on the ingress socket and hands it to the subscriptions it names. Runs on
 * {@code jobwire-ingress} only; nothing here is fatal to the loop.
 */
public final class IngressRouter {
  private static final Logger log = LoggerFactory.getLogger(IngressRouter.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int PREVIEW_CHARS = 200;

  private final SubscriptionRegistry registry;
  private final TopicListeners wamp;
  private final Counters counters;
  private final Subscriptions subscriptions;
  private final ClusterRouting cluster; // null when alone
  private final List<JobStream> holding = new ArrayList<>(); // batch results held (BatchFinish)
  private long lastWarn = System.nanoTime() - WARN_EVERY_NANOS;
  private long lastUnknownInfo = System.nanoTime() - WARN_EVERY_NANOS;

  /**
   * {@code wamp}: the WAMP subscriptions, which hear every {@code publish} too; {@code
   * subscriptions}: hear when a stream's run ends; {@code cluster}: the other front ends, or null.
   */
  public IngressRouter(
      SubscriptionRegistry registry,
      TopicListeners wamp,
      Counters counters,
      Subscriptions subscriptions,
      ClusterRouting cluster) {
    this.registry = registry;
    this.wamp = wamp;
    this.counters = counters;
    this.subscriptions = subscriptions;
    this.cluster = cluster;
  }

  /** One single-frame message from the PULL socket. */
  public void handle(byte[] frame) {
    counters.ingressMessages.increment();
    IngressMessage message;
    try {
      message = Codec.decodeIngress(frame);
    } catch (ProtocolException e) {
      malformed(e.code().wire() + ": " + e.getMessage(), frame);
      return;
    }
    switch (message) {
      case IngressMessage.Routed routed -> route(routed, frame);
      case IngressMessage.Publish publish -> publish(publish);
    }
  }

  /**
   * A shared stream's message that its holder (another front end) received: for the members here,
   * if any; not counted as an unknown route when there are none.
   */
  public void handleShared(byte[] frame) {
    IngressMessage message;
    try {
      message = Codec.decodeIngress(frame);
    } catch (ProtocolException e) {
      return;
    }
    if (message instanceof IngressMessage.Routed routed && registry.stream(routed.sub()) != null) {
      route(routed, frame);
    }
  }

  /** A message of several ZeroMQ frames: the contract allows one frame per message. */
  void handleMultipart(byte[] first, int frames) {
    counters.ingressMessages.increment();
    malformed("a message must be a single frame, got " + frames, first);
  }

  /** After each turn of the ingress loop: writes it to Redis (with a cluster), then sends it. */
  void endTurn() {
    if (!holding.isEmpty()) {
      releaseOverdue(System.currentTimeMillis());
    }
    if (cluster != null) {
      cluster.endTurn();
    }
  }

  private void route(IngressMessage.Routed message, byte[] frame) {
    ClusterRouting c = cluster;
    if (c != null && c.arriving(message, frame)) {
      return;
    }
    JobStream stream = registry.stream(message.sub());
    if (stream == null) {
      // A hand-made message may name one member of a shared stream: it goes to that one only.
      Subscription member = registry.get(message.sub());
      if (member == null && c != null && c.unknownRoute(message, frame)) {
        return;
      }
      count(message, member == null ? Subscription.Outcome.CLOSED : member.offer(message));
      return;
    }
    boolean ends =
        message instanceof IngressMessage.Result || message instanceof IngressMessage.Failed;
    String job = message.job() != null ? message.job() : stream.job();
    BatchFinish batch = stream.batch();
    BatchFinish.Held released = null;
    if (batch != null && ends && job != null) {
      if (job.equals(stream.job())) {
        if (!batch.mayEnd(message, frame, System.currentTimeMillis())) {
          holding.add(stream);
          return;
        }
      } else {
        released = batch.jobEnded(job);
      }
    }
    if (stream.options().scheduled() && job != null && !job.equals(stream.job())) {
      stream.started(job, System.currentTimeMillis()); // a run the broker's scheduler queued
    }
    if (ends) {
      subscriptions.ending(stream, job);
    }
    List<Subscription.Outcome> outcomes = stream.offer(message);
    if (c != null && stream.shareKey() != null && stream.isHolder()) {
      c.sharedDelivered(frame); // the members on other front ends get it too
    }
    if (outcomes.isEmpty()) {
      count(message, Subscription.Outcome.CLOSED);
    }
    outcomes.forEach(outcome -> count(message, outcome));
    boolean delivered =
        outcomes.contains(Subscription.Outcome.SENT)
            || outcomes.contains(Subscription.Outcome.HELD);
    if (delivered && ends) {
      subscriptions.runEnded(stream, job);
    }
    if (released != null) {
      holding.remove(stream);
      route(released.message(), released.frame());
    }
  }

  /** Sends the batch results that waited too long for a job's end (a safety net). */
  private void releaseOverdue(long now) {
    for (JobStream stream : List.copyOf(holding)) {
      BatchFinish.Held held = stream.batch().overdue(now);
      if (held != null) {
        holding.remove(stream);
        log.warn(
            "sub={} batch={}: sending the batch's result without every job's own end after {} ms",
            stream.id(),
            held.message().job(),
            BatchFinish.WAIT_MILLIS);
        route(held.message(), held.frame());
      }
    }
  }

  private void count(IngressMessage.Routed message, Subscription.Outcome outcome) {
    switch (outcome) {
      case SENT, HELD -> counters.deliveries.increment();
      case DUPLICATE -> {
        counters.duplicatesDropped.increment();
        log.debug("ingress: duplicate dropped sub={} job={}", message.sub(), message.job());
      }
      case OVERFLOW -> {
        counters.overflowDropped.increment();
        log.warn(
            "ingress: sub={} job={} dropped: more than {} messages arrived before the job was"
                + " queued",
            message.sub(),
            message.job(),
            Subscription.MAX_PENDING);
      }
      case CLOSED -> unknownRoute(message);
    }
  }

  private void publish(IngressMessage.Publish message) {
    publish(message, null, 0);
  }

  /**
   * A {@code publish} from the ingress, or from a WAMP client ({@code excluded}: its connection,
   * which does not hear its own event; null for none), to every front end's subscribers. Its WAMP
   * {@code publication} id (0: a new one) is the one the WAMP publisher was told.
   */
  public void publish(IngressMessage.Publish message, ClientConnection excluded, long publication) {
    if (cluster != null) {
      cluster.published(message);
    }
    publishLocal(message.topic(), message.data(), excluded, publication);
  }

  /** A {@code publish} (from here or another front end) to this front end's subscribers. */
  public void publishLocal(String topic, com.fasterxml.jackson.databind.JsonNode data) {
    publishLocal(topic, data, null, 0);
  }

  private void publishLocal(
      String topic,
      com.fasterxml.jackson.databind.JsonNode data,
      ClientConnection excluded,
      long publication) {
    int reached = wamp.deliver(topic, data, excluded, publication);
    counters.deliveries.add(reached);
    for (Subscription subscription : registry.ofTopic(topic)) {
      Subscription.Outcome outcome = subscription.publish(data);
      if (outcome == Subscription.Outcome.SENT || outcome == Subscription.Outcome.HELD) {
        counters.deliveries.increment();
        reached++;
      }
    }
    log.debug("ingress: publish topic={} reached {} subscription(s)", topic, reached);
  }

  /** Counted always; logged at INFO at most once a second (a push to a typo'd sub shows up). */
  private void unknownRoute(IngressMessage.Routed message) {
    counters.unknownRoutes.increment();
    long now = System.nanoTime();
    String text =
        "ingress: no live subscription sub={} job={} (it ended, or was routed to the wrong front"
            + " end), {} so far";
    if (now - lastUnknownInfo >= WARN_EVERY_NANOS) {
      lastUnknownInfo = now;
      log.info(text, message.sub(), message.job(), counters.unknownRoutes.sum());
    } else {
      log.debug(text, message.sub(), message.job(), counters.unknownRoutes.sum());
    }
  }

  /** Counted always; logged at WARN at most once a second so a broken peer cannot flood logs. */
  private void malformed(String reason, byte[] frame) {
    counters.ingressMalformed.increment();
    long now = System.nanoTime();
    if (now - lastWarn >= WARN_EVERY_NANOS) {
      lastWarn = now;
      log.warn(
          "ingress: dropping a malformed message ({}), {} so far: {}",
          reason,
          counters.ingressMalformed.sum(),
          preview(frame));
    } else {
      log.debug("ingress: dropping a malformed message ({}): {}", reason, preview(frame));
    }
  }

  private static String preview(byte[] frame) {
    String text = new String(frame, StandardCharsets.UTF_8);
    return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "…";
  }
}
