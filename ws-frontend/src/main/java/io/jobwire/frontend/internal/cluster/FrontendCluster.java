package io.jobwire.frontend.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.frontend.ClusterConfig;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.ingress.IngressLoop;
import io.jobwire.frontend.internal.ingress.IngressRouter;
import io.jobwire.frontend.internal.resume.HistoryWriter;
import io.jobwire.frontend.internal.stream.JobStream;
import io.jobwire.frontend.internal.stream.SharedStreams;
import io.jobwire.frontend.internal.stream.Streams;
import io.jobwire.frontend.internal.subscription.PendingWrite;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.frontend.internal.subscription.Subscriptions;
import io.jobwire.frontend.internal.subscription.Takeovers;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.RedisSubscription;
import io.jobwire.runtime.NamedThreads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * IngressLoop#post}), which alone installs, drops and routes, so ingress messages and moves are
 * handled in one order.
 */
public final class FrontendCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FrontendCluster.class);
  private static final long MOVED_KEPT_MILLIS = Duration.ofHours(1).toMillis();
  private static final long REFRESH_MILLIS = 5_000;

  private final FrontendConfig config;
  private final String me;
  private final ClusterStore store;
  private final HistoryWriter writer;
  private final RedisSubscription events;
  private final ScheduledThreadPoolExecutor executor;
  private final SubscriptionRegistry registry;
  private final JobQueue queue;
  private final SharedStreams shared;
  // Only on jobwire-ingress: streams that moved to another front end, and subs arriving here.
  private final Map<String, String> moved = new ConcurrentHashMap<>();
  private final Map<String, List<byte[]>> arriving = new ConcurrentHashMap<>();
  // Subscriptions that ended here, released in batches on jobwire-cluster.
  private final Queue<Release> releases = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean releasing = new AtomicBoolean();
  private IngressLoop loop;
  private IngressRouter router;
  private Subscriptions subscriptions;
  private Takeovers takeovers;

  public FrontendCluster(FrontendConfig config, SubscriptionRegistry registry, JobQueue queue) {
    this.config = config;
    this.me = config.frontendId();
    this.registry = registry;
    this.queue = queue;
    this.store = new ClusterStore(config.cluster(), me);
    this.writer = new HistoryWriter(store);
    writer.onMoved(this::movedWhileWriting);
    this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreads("jobwire-cluster"));
    this.shared = new SharedStreams(me, store, executor, registry, queue, writer, config.clock());
    var keys = store.keys();
    this.events =
        new RedisSubscription(
            config.cluster().redisUri(),
            "jobwire-cluster-events",
            (channel, message) -> heard(message),
            keys.frontendChannel(me),
            keys.frontendsChannel());
  }

  /** Wired once the parts exist; starts listening. */
  public void start(
      IngressLoop ingress,
      IngressRouter ingressRouter,
      Streams allStreams,
      Subscriptions allSubscriptions,
      String advertisedReplyTo) {
    loop = ingress;
    router = ingressRouter;
    writer.onDirty(ingress::wake); // a turn writes it now, not after the loop's poll timeout
    subscriptions = allSubscriptions;
    takeovers =
        new Takeovers(
            config,
            store,
            executor,
            queue,
            ingress,
            ingressRouter,
            allSubscriptions,
            writer,
            arriving,
            advertisedReplyTo);
    if (!events.start(Duration.ofSeconds(5))) {
      log.warn("not yet subscribed to the front-end channels in Redis; retrying every second");
    }
    shared.start(ingress, allStreams, advertisedReplyTo);
    if (historyInRedis()) {
      long every = refreshEvery(config);
      executor.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }
  }

  public boolean historyInRedis() {
    return config.cluster().history() == ClusterConfig.History.REDIS;
  }

  public HistoryWriter writer() {
    return writer;
  }

  /** Shared topics across front ends. */
  public SharedStreams shared() {
    return shared;
  }

  /** On {@code jobwire-ingress}: a {@code publish} received here goes to every other front end. */
  public void broadcast(IngressMessage.Publish publish) {
    ObjectNode json = Codec.mapper().createObjectNode().put("type", "publish").put("from", me);
    json.put("topic", publish.topic()).set("data", publish.data());
    writer.broadcast(Codec.encode(json));
  }

  /**
   * On {@code jobwire-ingress}: a routed message for no local stream. True when it was forwarded
   * (the stream moved) or kept for a subscription arriving here.
   */
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
          loop.post(() -> router.publishLocal(topic, data));
        }
      }
      case "shared" -> {
        if (!me.equals(json.path("from").asText())) {
          byte[] frame = Codec.encode(json.path("message")).getBytes(StandardCharsets.UTF_8);
          loop.post(() -> router.handleShared(frame));
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
        loop.post(() -> router.handle(frame));
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

  /**
   * A subscription ended here: its state is deleted if this front end still owns it, and then (only
   * then: another one may have taken it over) {@code cancel} runs. Those that end meanwhile are
   * released together, in one script call.
   */
  public void release(String subId, Runnable cancel) {
    releases.add(new Release(subId, cancel));
    if (releasing.compareAndSet(false, true)) {
      executor.execute(this::releaseQueued);
    }
  }

  private record Release(String subId, Runnable cancel) {}

  /** On {@code jobwire-cluster}: every release queued so far, up to 1,000 per script call. */
  private void releaseQueued() {
    releasing.set(false); // one queued after this wakes another run
    List<Release> batch = new ArrayList<>();
    for (Release next = releases.poll(); next != null; next = releases.poll()) {
      batch.add(next);
      if (batch.size() == 1_000) {
        release(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      release(batch);
    }
  }

  private void release(List<Release> batch) {
    try {
      Set<String> released = Set.copyOf(store.release(batch.stream().map(Release::subId).toList()));
      for (Release release : batch) {
        if (release.cancel != null && released.contains(release.subId)) {
          release.cancel.run();
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "sub={} and {} more: state not released ({}); it expires",
          batch.getFirst().subId,
          batch.size() - 1,
          e.toString());
    }
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
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    store.close();
  }
}
