package io.jobwire.frontend.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.ingress.ClusterRouting;
import io.jobwire.frontend.internal.ingress.IngressInbox;
import io.jobwire.frontend.internal.lifecycle.Subscriptions;
import io.jobwire.frontend.internal.subscription.JobStream;
import io.jobwire.frontend.internal.subscription.PendingWrite;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.RedisSubscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This front end among the others on one Redis: {@code publish} to every front end, subscriptions
 * that move between front ends, and the channels that carry both (see docs/architecture.md,
 * "Several front ends").
 *
 * <p>Threads: the {@code jobwire-cluster} thread makes the blocking Redis calls of a takeover (and
 * the expiry refresh, release and reroute); {@code jobwire-cluster-events} hears this front end's
 * channel ({@code jobwire:{NS}:fe:ID}) and the one of every front end ({@code jobwire:{NS}:fe-all})
 * — being subscribed is also how the others know this front end is alive: a PUBLISH to its channel
 * reaches one listener; both hand subscription changes to {@code jobwire-ingress} ({@link
 * IngressInbox#route}), which alone installs, drops and routes, so ingress messages and moves are
 * handled in one order.
 */
public final class FrontendCluster implements ClusterRouting, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FrontendCluster.class);
  private static final long MOVED_KEPT_MILLIS = Duration.ofHours(1).toMillis();
  private static final long REFRESH_MILLIS = 5_000;

  private final ClusterPeers peers;
  private final FrontendConfig config;
  private final String me;
  private final ClusterStore store;
  private final HistoryWriter writer;
  private final RedisSubscription events;
  private final ScheduledThreadPoolExecutor executor;
  private final SubscriptionRegistry registry;
  private final SharedStreams shared;
  private final IngressInbox loop;
  private final Subscriptions subscriptions;
  private final Takeovers takeovers;
  // Only on jobwire-ingress: streams that moved to another front end, and subs arriving here.
  private final Map<String, String> moved = new ConcurrentHashMap<>();
  private final Map<String, List<byte[]>> arriving = new ConcurrentHashMap<>();

  /**
   * The second half, once the subscriptions exist: {@code peers} is the first; {@code loop} takes
   * what the channels carry to {@code jobwire-ingress}. Nothing runs until {@link #start}.
   */
  public FrontendCluster(
      ClusterPeers peers,
      SubscriptionRegistry registry,
      JobQueue queue,
      IngressInbox loop,
      Subscriptions subscriptions,
      Supplier<String> replyTo) {
    this.peers = peers;
    this.config = peers.config;
    this.me = config.frontendId();
    this.store = peers.store;
    this.writer = peers.writer;
    this.executor = peers.executor;
    this.shared = peers.shared;
    this.registry = registry;
    this.loop = loop;
    this.subscriptions = subscriptions;
    this.takeovers =
        new Takeovers(
            config, store, executor, queue, loop, subscriptions, writer, arriving, replyTo);
    var keys = store.keys();
    this.events =
        new RedisSubscription(
            config.cluster().redisUri(),
            "jobwire-cluster-events",
            (channel, message) -> heard(message),
            keys.frontendChannel(me),
            keys.frontendsChannel());
  }

  /** Starts listening on the front-end channels, claiming shared leases, refreshing expiries. */
  public void start() {
    if (!events.start(Duration.ofSeconds(5))) {
      log.warn("not yet subscribed to the front-end channels in Redis; retrying every second");
    }
    shared.start();
    if (peers.historyInRedis()) {
      long every = refreshEvery(config);
      executor.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void endTurn() {
    writer.flush(this::movedWhileWriting);
  }

  @Override
  public void sharedDelivered(byte[] frame) {
    shared.broadcast(frame);
  }

  /** On {@code jobwire-ingress}: a {@code publish} received here goes to every other front end. */
  @Override
  public void published(IngressMessage.Publish publish) {
    ObjectNode json = Codec.mapper().createObjectNode().put("type", "publish").put("from", me);
    json.put("topic", publish.topic()).set("data", publish.data());
    writer.broadcast(Codec.encode(json));
  }

  /**
   * On {@code jobwire-ingress}: a routed message for no local stream. True when it was forwarded
   * (the stream moved) or kept for a subscription arriving here.
   */
  @Override
  public boolean unknownRoute(IngressMessage.Routed message, byte[] frame) {
    String owner = moved.get(message.sub());
    if (owner == null) {
      return false;
    }
    forward(owner, frame);
    return true;
  }

  /**
   * On {@code jobwire-ingress}: a message for a stream whose subscription is being taken over here
   * waits until it is installed (then every member is offered it; the others drop it as a
   * duplicate). True when it was kept.
   */
  @Override
  public boolean arriving(IngressMessage.Routed message, byte[] frame) {
    List<byte[]> waiting = arriving.isEmpty() ? null : arriving.get(message.sub());
    if (waiting == null) {
      return false;
    }
    waiting.add(frame);
    return true;
  }

  /** On an IO thread: resumes here a subscription this front end does not hold. */
  public void resume(ClientConnection connection, JsonNode ref, String subId, long after) {
    takeovers.resume(connection, ref, subId, after);
  }

  /** On {@code jobwire-events}: a message on this front end's channels. */
  private void heard(String text) {
    JsonNode json;
    try {
      json = Codec.parse(text);
    } catch (ProtocolException e) {
      log.warn("dropping a malformed front-end message: {}", e.getMessage());
      return;
    }
    switch (json.path("type").asText()) {
      case "publish" -> {
        if (!me.equals(json.path("from").asText())) {
          String topic = json.path("topic").asText();
          JsonNode data = json.path("data");
          loop.route(router -> router.publishLocal(topic, data));
        }
      }
      case "shared" -> {
        if (!me.equals(json.path("from").asText())) {
          byte[] frame = Codec.encode(json.path("message")).getBytes(StandardCharsets.UTF_8);
          loop.route(router -> router.handleShared(frame));
        }
      }
      case "shared-job" -> {
        if (!me.equals(json.path("from").asText())) {
          String stream = json.path("stream").asText();
          String job = json.path("job").asText();
          loop.post(() -> shared.heardStarted(stream, job));
        }
      }
      case "forward" -> {
        byte[] frame = Codec.encode(json.path("message")).getBytes(StandardCharsets.UTF_8);
        loop.route(router -> router.handle(frame));
      }
      case "moved" -> {
        String sub = json.path("sub").asText();
        String stream = json.path("stream").asText();
        String to = json.path("to").asText();
        loop.post(() -> drop(sub, stream, to, List.of()));
      }
      default -> log.debug("ignoring front-end message {}", text);
    }
  }

  private void movedWhileWriting(PendingWrite write, String owner) {
    List<byte[]> sources = new ArrayList<>();
    for (var item : write.items()) {
      if (item.source() != null) {
        sources.add(Codec.encodeBytes(item.source()));
      }
    }
    JobStream stream = write.sub().stream();
    drop(write.sub().id(), stream == null ? write.sub().id() : stream.id(), owner, sources);
  }

  /**
   * On {@code jobwire-ingress}: another front end took the subscription over. It ends here without
   * cancelling its job or touching its state, and its stream's messages are forwarded.
   */
  private void drop(String subId, String streamId, String owner, List<byte[]> unsent) {
    if (owner.equals(me)) {
      return;
    }
    if (streamId.equals(subId)) {
      moved.put(streamId, owner); // a shared stream's messages reach the new owner anyway
    }
    unsent.forEach(frame -> forward(owner, frame));
    Subscription sub = registry.get(subId);
    if (sub != null) {
      subscriptions.dropMoved(sub);
      log.info("{} moved to front end {}", sub, owner);
    }
    executor.schedule(
        () -> loop.post(() -> moved.remove(streamId, owner)),
        MOVED_KEPT_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  private void forward(String owner, byte[] frame) {
    ObjectNode json = Codec.mapper().createObjectNode().put("type", "forward");
    try {
      json.set("message", Codec.parse(new String(frame, StandardCharsets.UTF_8)));
    } catch (ProtocolException e) {
      return;
    }
    writer.forward(owner, Codec.encode(json));
  }

  /** Often enough that no window (at least 1 s in Redis) lapses between two refreshes. */
  private static long refreshEvery(FrontendConfig config) {
    long shortest = config.resume().keepFor().toMillis();
    for (var options : config.topicOptions().values()) {
      if (options.retention() != null) {
        shortest = Math.min(shortest, options.retention().keepFor().toMillis());
      }
    }
    return Math.max(500, Math.min(REFRESH_MILLIS, Math.max(1_000, shortest) / 2));
  }

  /**
   * On {@code jobwire-cluster}: pushes back the expiry of the subscriptions held here whose key has
   * less than its window left (see {@link HistoryWriter#needsRefresh}), one script call per 500.
   */
  private void refresh() {
    long now = HistoryWriter.nowMillis();
    List<String> triples = new ArrayList<>();
    List<Subscription> due = new ArrayList<>();
    for (Subscription sub : registry.all()) {
      ResumeWindow window = Subscriptions.windowOf(config, sub.topic());
      if (!writer.needsRefresh(sub, window, now)) {
        continue;
      }
      triples.add(sub.id());
      triples.add(Long.toString(HistoryWriter.ttlMillis(window)));
      triples.add(writer.adoptedHere(sub) ? "1" : "0");
      due.add(sub);
      if (due.size() >= 500) {
        refresh(triples, due, now);
        triples.clear();
        due.clear();
      }
    }
    if (!due.isEmpty()) {
      refresh(triples, due, now);
    }
  }

  private void refresh(List<String> triples, List<Subscription> due, long now) {
    try {
      store.refresh(triples);
      due.forEach(sub -> writer.refreshed(sub, now));
    } catch (RuntimeException e) {
      log.debug("subscription expiry not refreshed: {}", e.toString());
    }
  }

  /** The others now see this front end as gone: a client that resumes elsewhere takes its job. */
  public void stopListening() {
    events.close();
  }

  /** Stops listening and the threads; state in Redis stays. */
  @Override
  public void close() {
    events.close();
    peers.close();
  }
}
