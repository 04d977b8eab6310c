package io.jobwire.broker.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.queue.redis.Json;
import io.jobwire.queue.redis.ScriptReply;
import io.jobwire.queue.redis.Scripts;
import java.util.ArrayList;
import java.util.List;

/**
 * What one claim took from a topic's queue, or what an enqueue handed to this broker (lease.lua).
 *
 * @param jobs leased jobs, in the order of the worker slots asked for
 * @param workers the worker each job is leased to
 * @param expired jobs whose deadline passed while queued (finished as failed)
 * @param popped how many entries left the queue; fewer than asked means it is empty
 * @param created each leased job's enqueue time (epoch ms as text, empty when unknown)
 * @param retryAt when the topic's rate window that held jobs back reopens (clock ms; 0: none did)
 * @param asked how many slots the claim could fill (those of jobs handed to this broker and not yet
 *     arrived are left out): {@code popped} less than that means the queue is empty
 * @param standing the claim left this broker's standby token on the topic (lease.lua)
 */
public record Claim(
    List<Job> jobs,
    List<String> workers,
    List<DeadJob> expired,
    int popped,
    List<String> created,
    long retryAt,
    int asked,
    boolean standing) {
  /** Nothing claimed: the topic's queue is empty (or it never had a job). */
  static final Claim NONE = new Claim(List.of(), List.of(), List.of(), 0, List.of(), 0, 1, false);

  /** From claim.lua's reply: {jobs, expired, created, retry_at, standing, asked}. */
  static Claim from(Object replyObject) {
    ScriptReply reply = ScriptReply.of(Scripts.CLAIM, replyObject);
    return of(reply, reply.number(3), (int) reply.number(5), reply.number(4) == 1);
  }

  /**
   * From what enqueue.lua published on this broker's handoff channel: {jobs, expired, created} as
   * JSON (lease.lua's hand_off).
   */
  public static Claim handed(String message) {
    JsonNode tree;
    try {
      tree = Codec.mapper().readTree(message);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    return of(ScriptReply.of(Scripts.CLAIM, reply(tree)), 0, 0, false);
  }

  private static Claim of(ScriptReply reply, long retryAt, int asked, boolean standing) {
    List<ScriptReply> claimed = reply.list(0).lists();
    var expired = reply.list(1).lists().stream().map(DeadJob::from).toList();
    List<String> created = reply.list(2).strings();
    List<Job> jobs = new ArrayList<>(claimed.size());
    List<String> workers = new ArrayList<>(claimed.size());
    for (ScriptReply f : claimed) {
      String deadline = f.string(8);
      jobs.add(
          new Job(
              f.string(0),
              f.string(1),
              Json.raw(f.string(2)),
              Json.text(f.string(3)),
              Json.text(f.string(4)),
              Json.raw(f.string(5)),
              (int) f.number(6),
              (int) f.numberText(7),
              deadline.isEmpty() ? null : Long.valueOf(deadline)));
      workers.add(f.string(9));
    }
    return new Claim(
        jobs, workers, expired, jobs.size() + expired.size(), created, retryAt, asked, standing);
  }

  /**
   * A Lua table as cjson wrote it, shaped as Redis returns a script's table: lists, strings and
   * integers (cjson writes an empty table as {}).
   */
  private static Object reply(JsonNode node) {
    if (node.isArray()) {
      List<Object> items = new ArrayList<>(node.size());
      node.forEach(item -> items.add(reply(item)));
      return items;
    }
    if (node.isObject() && node.isEmpty()) {
      return List.of();
    }
    if (node.isNumber()) {
      return node.asLong();
    }
    return node.asText();
  }
}
