package io.jobwire.frontend.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.ingress.IngressInbox;
import io.jobwire.frontend.internal.ingress.IngressRouter;
import io.jobwire.frontend.internal.lifecycle.Refusals;
import io.jobwire.frontend.internal.lifecycle.Subscriptions;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ErrorCode;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.queue.JobQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client resumes here a subscription another front end held: {@code takeover.lua} on {@code
 * jobwire-cluster} (atomic: user check, owner := this front end, state and history), then {@code
 * jobwire-ingress} installs it and replays, then {@code jobwire-cluster} tells the old owner
 * ({@code moved}) or, when nobody listens on its channel, reroutes the job here.
 */
final class Takeovers {
  private static final Logger log = LoggerFactory.getLogger(Takeovers.class);

  /** A front end whose record is older than this is gone (it writes one every second). */
  static final long SILENT_MILLIS = 5_000;

  private final FrontendConfig config;
  private final String me;
  private final ClusterStore store;
  private final ExecutorService executor;
  private final JobQueue queue;
  private final IngressInbox loop;
  private final Subscriptions subscriptions;
  private final HistoryWriter writer;
  private final Map<String, List<byte[]>> arriving;
  private final Supplier<String> replyTo;

  Takeovers(
      FrontendConfig config,
      ClusterStore store,
      ExecutorService executor,
      JobQueue queue,
      IngressInbox loop,
      Subscriptions subscriptions,
      HistoryWriter writer,
      Map<String, List<byte[]>> arriving,
      Supplier<String> replyTo) {
    this.config = config;
    this.me = config.frontendId();
    this.store = store;
    this.executor = executor;
    this.queue = queue;
    this.loop = loop;
    this.subscriptions = subscriptions;
    this.writer = writer;
    this.arriving = arriving;
    this.replyTo = replyTo;
  }

  /** On an IO thread: resumes here a subscription this front end does not hold. */
  void resume(ClientConnection connection, JsonNode ref, String subId, long after) {
    executor.execute(() -> takeOver(connection, ref, subId, after));
  }

  private void takeOver(ClientConnection connection, JsonNode ref, String subId, long after) {
    arriving.put(subId, new ArrayList<>());
    ClusterStore.StoredSubscription stored;
    try {
      stored = store.takeover(subId, connection.user());
    } catch (RuntimeException e) {
      arriving.remove(subId);
      connection.send(
          new ServerMessage.Error(
              ref, ErrorCode.UNAVAILABLE, "cannot reach Redis to resume; try again shortly"));
      return;
    }
    if (stored == null || stored == ClusterStore.StoredSubscription.FORBIDDEN) {
      arriving.remove(subId);
      connection.send(
          stored == null ? Refusals.notFound(ref, subId) : Refusals.forbidden(ref, subId));
      return;
    }
    String streamId = stored.fields().getOrDefault("stream", subId);
    if (!streamId.equals(subId)) {
      arriving.putIfAbsent(streamId, new ArrayList<>()); // a shared stream's messages wait too
    }
    loop.route(router -> install(router, stored, connection, ref, after));
  }

  /** On {@code jobwire-ingress}: the taken-over subscription lives here from now on. */
  private void install(
      IngressRouter router,
      ClusterStore.StoredSubscription stored,
      ClientConnection connection,
      JsonNode ref,
      long after) {
    List<byte[]> waiting = new ArrayList<>();
    for (String key : List.of(stored.id(), stored.fields().getOrDefault("stream", stored.id()))) {
      List<byte[]> kept = arriving.remove(key);
      if (kept != null) {
        waiting.addAll(kept);
      }
    }
    Restored restored;
    try {
      restored = Restored.of(stored, config);
    } catch (RuntimeException e) {
      log.error("sub={} cannot be resumed: {}", stored.id(), e.getMessage());
      connection.send(new ServerMessage.Error(ref, ErrorCode.INTERNAL, e.getMessage()));
      return;
    }
    Subscription sub = restored.subscription(writer);
    if (!subscriptions.adopt(sub, restored.takenOver(), connection, ref, after)) {
      return;
    }
    if (waiting != null) {
      waiting.forEach(router::handle);
    }
    log.info(
        "{} taken over from front end {} (seq {})", sub, stored.previousOwner(), restored.seq());
    executor.execute(() -> settle(stored.previousOwner(), sub, restored));
  }

  /**
   * On {@code jobwire-cluster}: tells the previous owner to let go; if nobody hears it (it is
   * gone), its job's messages would go to a dead ingress: the job is rerouted here.
   */
  private void settle(String previous, Subscription sub, Restored restored) {
    boolean alive = false;
    if (!previous.isEmpty() && !previous.equals(me)) {
      ObjectNode json = Codec.mapper().createObjectNode().put("type", "moved");
      json.put("sub", sub.id()).put("stream", restored.streamId()).put("to", me);
      try {
        // A listener on its channel, and (when it has a record) one written lately: a machine
        // that vanished without closing its connections still looks subscribed for a while.
        Long seen = store.lastSeen(previous);
        alive =
            store.sendTo(previous, Codec.encode(json)) > 0
                && (seen == null || System.currentTimeMillis() - seen < SILENT_MILLIS);
      } catch (RuntimeException e) {
        log.warn("{} could not tell front end {} it moved: {}", sub, previous, e.toString());
      }
    }
    String job = restored.job();
    boolean shared = !restored.streamId().equals(sub.id()); // its lease decides (SharedStreams)
    if (alive || shared || job == null || restored.jobDone()) {
      return;
    }
    ObjectNode route = Codec.mapper().createObjectNode();
    route.put("sub", restored.streamId()).put("fe", me);
    try {
      var outcome = queue.reroute(job, replyTo.get(), route);
      log.info("{} job={} rerouted here from gone front end {}: {}", sub, job, previous, outcome);
    } catch (RuntimeException e) {
      log.warn(
          "{} job={} could not be rerouted from gone front end {} ({}); its messages are lost",
          sub,
          job,
          previous,
          e.toString());
    }
  }
}
