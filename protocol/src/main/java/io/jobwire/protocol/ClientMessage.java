package io.jobwire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

/** What a WebSocket client sends to the front end; decoded by {@link Codec#decodeClient}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ClientMessage.Auth.class, name = "auth"),
  @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = "subscribe"),
  @JsonSubTypes.Type(value = ClientMessage.Unsubscribe.class, name = "unsubscribe"),
  @JsonSubTypes.Type(value = ClientMessage.Status.class, name = "status"),
  @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
})
public sealed interface ClientMessage {

  /** Any JSON scalar the client chose, copied into the direct reply; may be null. */
  JsonNode ref();

  record Auth(JsonNode ref, String token) implements ClientMessage {
    public Auth {
      Fields.require(token, "token");
    }
  }

  /**
   * Either a new subscription ({@code topic}, {@code params}), a new batch ({@code topic}, {@code
   * batch}: one params object per job, added in v1.4) or a {@code resume}; the parts left null are
   * left out of the JSON.
   */
  record Subscribe(
      JsonNode ref,
      @JsonInclude(Include.NON_NULL) String topic,
      @JsonInclude(Include.NON_NULL) JsonNode params,
      @JsonInclude(Include.NON_NULL) Resume resume,
      @JsonInclude(Include.NON_NULL) JsonNode batch)
      implements ClientMessage {
    public Subscribe {
      if (resume == null) {
        Fields.require(topic, "topic");
      }
      if (topic != null) {
        TopicNames.require(topic, "'topic'");
      }
      if (params != null && !params.isNull() && !params.isObject()) {
        throw new IllegalArgumentException("'params' must be a JSON object");
      }
      MessageLimits.requireParamsDepth(params);
      if (batch != null && !batch.isNull()) {
        MessageLimits.requireBatch(batch, params, resume);
      } else {
        batch = null;
      }
    }

    public Subscribe(JsonNode ref, String topic, JsonNode params, Resume resume) {
      this(ref, topic, params, resume, null);
    }
  }

  /** Re-attach to subscription {@code sub}, replaying what came after {@code after}. */
  record Resume(String sub, long after) {
    public Resume {
      Fields.require(sub, "resume.sub");
      if (after < 0) {
        throw new IllegalArgumentException("'resume.after' must be >= 0");
      }
    }
  }

  record Unsubscribe(JsonNode ref, String sub) implements ClientMessage {
    public Unsubscribe {
      Fields.require(sub, "sub");
    }
  }

  record Status(JsonNode ref, String job) implements ClientMessage {
    public Status {
      Fields.require(job, "job");
    }
  }

  record Ping(JsonNode ref) implements ClientMessage {}
}
