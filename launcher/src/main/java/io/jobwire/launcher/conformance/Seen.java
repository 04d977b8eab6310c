package io.jobwire.launcher.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One frame the {@link Wiretap} forwarded.
 *
 * @param atMillis when, in milliseconds since the tap started
 * @param channel which way it went
 * @param conn the worker's connection (its ROUTER identity, in hex); null on the push channel
 * @param message the frame as JSON, or a missing node when it was not JSON
 * @param raw the frame as text
 */
record Seen(long atMillis, Channel channel, String conn, JsonNode message, String raw) {

  /** The three ways a frame can go. */
  enum Channel {
    /** worker DEALER → broker ROUTER: ready, heartbeat, done, fail, bye. */
    WORKER,
    /** broker ROUTER → worker DEALER: job, cancel, heartbeat. */
    BROKER,
    /** worker PUSH → front end PULL: progress, result. */
    PUSH
  }

  static Seen of(long atMillis, Channel channel, String conn, String raw) {
    JsonNode message;
    try {
      message = io.jobwire.protocol.Codec.parse(raw);
    } catch (io.jobwire.protocol.ProtocolException | RuntimeException e) {
      message = MissingNode.getInstance();
    }
    return new Seen(atMillis, channel, conn, message, raw);
  }

  String type() {
    return message.path("type").asText();
  }

  boolean is(Channel expected, String expectedType) {
    return channel == expected && expectedType.equals(type());
  }

  /** The job this frame is about: {@code job.id} of a {@code job}, else the {@code job} field. */
  String job() {
    JsonNode job = message.path("job");
    return job.isObject() ? job.path("id").asText() : job.asText();
  }

  @Override
  public String toString() {
    return "+" + atMillis + "ms " + channel + " " + raw;
  }
}
