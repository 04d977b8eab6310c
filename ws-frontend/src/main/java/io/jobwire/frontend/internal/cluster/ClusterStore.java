package io.jobwire.frontend.internal.cluster;

import io.jobwire.frontend.ClusterConfig;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.ProtocolException;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.redis.LuaScript;
import io.jobwire.queue.redis.RedisGateway;
import io.jobwire.queue.redis.RedisKeys;
import io.jobwire.queue.redis.ScriptReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Redis call a front end makes for the others: subscription state and history ({@link
 * RedisKeys#subscription}), takeovers and the front-end channels. Blocking: call it from {@code
 * jobwire-ingress} or {@code jobwire-cluster}, never from an IO thread. Each change is one Lua
 * script under {@code io/jobwire/frontend/lua}, so a takeover and a write never interleave.
 */
public final class ClusterStore implements AutoCloseable {
  private static final LuaScript FLUSH = script("flush");
  private static final LuaScript TAKEOVER = script("takeover");
  private static final LuaScript RELEASE = script("release");
  private static final LuaScript REFRESH = script("refresh");
  private static final LuaScript SHARE = script("share");
  private static final LuaScript FIRST = script("first");

  private final RedisGateway redis;
  private final String frontendId;

  public ClusterStore(ClusterConfig config, String frontendId) {
    this.redis =
        new RedisGateway(
            QueueConfig.builder()
                .redisUri(config.redisUri())
                .namespace(config.namespace())
                .build());
    this.frontendId = frontendId;
  }

  RedisKeys keys() {
    return redis.keys();
  }

  /** One turn's writes, broadcasts and forwards; returns (sub id, new owner) of moved ones. */
  public Map<String, String> flush(List<String> args) {
    List<String> argv = new ArrayList<>(args.size() + 2);
    argv.add(keys().prefix());
    argv.add(frontendId);
    argv.addAll(args);
    return new HashMap<>(ScriptReply.of(FLUSH, run(FLUSH, argv)).pairs());
  }

  /**
   * The first state of new subscriptions ({@code first.lua}), to run in the round trip that queues
   * their jobs: {@code subs} is, per subscription, its id, ttl ms, field count and field/value
   * pairs, flattened.
   */
  RedisGateway.ScriptCall first(List<String> subs) {
    List<String> args = new ArrayList<>(subs.size() + 1);
    args.add(frontendId);
    args.addAll(subs);
    return new RedisGateway.ScriptCall(FIRST, List.of(keys().tags()), args);
  }

  /** The stored subscription, now owned here; null when unknown, {@code FORBIDDEN} for others. */
  public StoredSubscription takeover(String subId, String user) {
    // takeover.lua: {'ok', previous owner, fields (flat), history} | {'forbidden'} | {'unknown'}
    ScriptReply reply =
        ScriptReply.of(
            TAKEOVER,
            run(TAKEOVER, List.of(keys().prefix(), subId, frontendId, user == null ? "" : user)));
    return switch (reply.string(0)) {
      case "ok" ->
          new StoredSubscription(
              subId,
              reply.string(1),
              new HashMap<>(reply.list(2).pairs()),
              List.copyOf(reply.list(3).strings()));
      case "forbidden" -> StoredSubscription.FORBIDDEN;
      default -> null;
    };
  }

  /** Deletes the state of the ended subscriptions still owned here; returns those deleted. */
  public List<String> release(List<String> subIds) {
    List<String> argv = new ArrayList<>(subIds.size() + 2);
    argv.add(keys().prefix());
    argv.add(frontendId);
    argv.addAll(subIds);
    return ScriptReply.strings(RELEASE, run(RELEASE, argv));
  }

  /**
   * Pushes back the expiry of subscriptions held here: (id, ttl ms, legacy "1"/"0") triples,
   * flattened (see refresh.lua).
   */
  void refresh(List<String> triples) {
    List<String> argv = new ArrayList<>(triples.size() + 2);
    argv.add(keys().prefix());
    argv.add(frontendId);
    argv.addAll(triples);
    run(REFRESH, argv);
  }

  /** A {@code share.lua} operation on a shared stream; returns its reply. */
  public Object share(String op, String streamId, String arg, long now) {
    return run(
        SHARE,
        List.of(
            keys().prefix(), Long.toString(now), op, streamId, frontendId, arg == null ? "" : arg));
  }

  /**
   * When another front end last published its record (wall clock ms; the hash {@link
   * RedisKeys#frontends}, written every second by its observer), or null when it has none.
   */
  public Long lastSeen(String otherFrontendId) {
    String json = redis.call(r -> r.hget(keys().frontends(), otherFrontendId));
    if (json == null) {
      return null;
    }
    try {
      return Codec.parse(json).path("updated").asLong();
    } catch (ProtocolException e) {
      return null;
    }
  }

  /** PUBLISHes to one front end; returns how many listened (0 = it is gone). */
  public long sendTo(String otherFrontendId, String json) {
    return redis.call(r -> r.publish(keys().frontendChannel(otherFrontendId), json));
  }

  private Object run(LuaScript script, List<String> argv) {
    // the namespace's slot, where subscription state lives (see RedisKeys)
    return redis.runExactly(script, List.of(keys().tags()), argv);
  }

  private static LuaScript script(String name) {
    return LuaScript.standalone(ClusterStore.class, "/io/jobwire/frontend/lua/" + name + ".lua");
  }

  @Override
  public void close() {
    redis.close();
  }

  /** What {@code takeover.lua} found. */
  public record StoredSubscription(
      String id, String previousOwner, Map<String, String> fields, List<String> history) {
    public static final StoredSubscription FORBIDDEN =
        new StoredSubscription("", "", Map.of(), List.of());
  }
}
