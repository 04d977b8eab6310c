package io.jobwire.frontend.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.ResumeWindow;
import io.jobwire.frontend.internal.lifecycle.Subscriptions;
import io.jobwire.frontend.internal.lifecycle.TakenOver;
import io.jobwire.frontend.internal.resume.RedisResumeBuffer;
import io.jobwire.frontend.internal.subscription.DuplicateFilter;
import io.jobwire.frontend.internal.subscription.StoredState;
import io.jobwire.frontend.internal.subscription.Subscription;
import io.jobwire.frontend.internal.subscription.WriteThroughDelivery;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A subscription as {@code takeover.lua} read it from Redis, decoded. */
record Restored(
    StoredState state,
    String streamId,
    JsonNode params,
    List<ServerMessage.Delivery> history,
    ResumeWindow window,
    FrontendConfig config) {

  static Restored of(ClusterStore.StoredSubscription stored, FrontendConfig config) {
    Map<String, String> f = stored.fields();
    String topic = f.getOrDefault("topic", "");
    String user = f.getOrDefault("user", "");
    String job = f.get("job");
    var state =
        new StoredState(
            stored.id(),
            topic,
            user.isEmpty() ? null : user,
            Long.parseLong(f.getOrDefault("seq", "0")),
            job == null || job.isEmpty() ? null : job,
            "1".equals(f.get("finished")),
            DuplicateFilter.fromJson(f.get("dedup")));
    List<ServerMessage.Delivery> history = new ArrayList<>(stored.history().size());
    try {
      for (String json : stored.history()) {
        if (Codec.decodeServer(json) instanceof ServerMessage.Delivery delivery) {
          history.add(delivery);
        }
      }
      JsonNode params = f.containsKey("params") ? Codec.parse(f.get("params")) : null;
      return new Restored(
          state,
          f.getOrDefault("stream", stored.id()),
          params == null || params.isNull() ? null : params,
          List.copyOf(history),
          Subscriptions.windowOf(config, topic),
          config);
    } catch (ProtocolException e) {
      throw new IllegalStateException(
          "corrupt subscription " + stored.id() + " in Redis: " + e.getMessage(), e);
    }
  }

  String job() {
    return state.job();
  }

  long seq() {
    return state.seq();
  }

  /** True when the current job's final message was delivered (and so is in the history). */
  boolean jobDone() {
    return state.job() != null && state.duplicates().hasFinished(state.job());
  }

  /** What its stream brings along, for the subscriptions here. */
  TakenOver takenOver() {
    return new TakenOver(streamId, params, state.job(), jobDone());
  }

  Subscription subscription(HistoryWriter writer) {
    var buffer = new RedisResumeBuffer(window, config.clock(), history, state.seq());
    Subscription sub = Subscription.restored(state, new WriteThroughDelivery(buffer, writer));
    writer.adopted(sub);
    return sub;
  }
}
