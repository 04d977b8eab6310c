package io.jobwire.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

/** What the front end sends to a WebSocket client; encoded by {@link Codec#encode}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "welcome"),
  @JsonSubTypes.Type(value = ServerMessage.Authenticated.class, name = "authenticated"),
  @JsonSubTypes.Type(value = ServerMessage.Subscribed.class, name = "subscribed"),
  @JsonSubTypes.Type(value = ServerMessage.Progress.class, name = "progress"),
  @JsonSubTypes.Type(value = ServerMessage.Result.class, name = "result"),
  @JsonSubTypes.Type(value = ServerMessage.Failed.class, name = "failed"),
  @JsonSubTypes.Type(value = ServerMessage.Event.class, name = "event"),
  @JsonSubTypes.Type(value = ServerMessage.Unsubscribed.class, name = "unsubscribed"),
  @JsonSubTypes.Type(value = ServerMessage.StatusReply.class, name = "status"),
  @JsonSubTypes.Type(value = ServerMessage.Gap.class, name = "gap"),
  @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
  @JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong"),
  @JsonSubTypes.Type(value = ServerMessage.Notice.class, name = "notice"),
})
public sealed interface ServerMessage {

  /** The protocol name sent in {@code welcome} and accepted as WebSocket subprotocol. */
  String PROTOCOL = "jobwire.v1";

  record Welcome(String conn, String user, String protocol) implements ServerMessage {
    public Welcome(String conn, String user) {
      this(conn, user, PROTOCOL);
    }
  }

  record Authenticated(JsonNode ref, String user) implements ServerMessage {}

  record Subscribed(JsonNode ref, String sub, String topic, String job) implements ServerMessage {}

  /** One of the messages that carry the subscription's {@code seq}. */
  sealed interface Delivery extends ServerMessage {
    String sub();

    long seq();
  }

  record Progress(String sub, String job, long seq, JsonNode data) implements Delivery {}

  record Result(String sub, String job, long seq, JsonNode data) implements Delivery {}

  record Failed(String sub, String job, long seq, ErrorInfo error) implements Delivery {}

  record Event(String sub, long seq, JsonNode data) implements Delivery {}

  record Unsubscribed(JsonNode ref, String sub) implements ServerMessage {}

  record StatusReply(
      JsonNode ref, String job, JobState state, int attempts, JsonNode progress, ErrorInfo error)
      implements ServerMessage {}

  record Gap(String sub, long from, long to) implements ServerMessage {}

  record Error(JsonNode ref, ErrorCode code, String message) implements ServerMessage {}

  record Pong(JsonNode ref) implements ServerMessage {}

  /**
   * Something a client should know about a subscription that is not an error: it stays. Added in
   * v1.3; clients that do not know it ignore it. {@code code} is {@link #NO_WORKER} so far.
   */
  record Notice(String sub, String topic, String code, String message) implements ServerMessage {
    /** No live worker serves the topic: the job waits in its queue until one does. */
    public static final String NO_WORKER = "no_worker";
  }
}
