package io.jobwire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What workers, the broker and terminals push into a front end's PULL socket.
 *
 * <p>{@code route} holds at least {@code {"sub": S}}. A hand-made message may leave out {@code job}
 * and {@code seq}; it is then never taken for a duplicate. Null {@code job} and {@code seq} are
 * left out of the JSON.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = IngressMessage.Progress.class, name = "progress"),
  @JsonSubTypes.Type(value = IngressMessage.Result.class, name = "result"),
  @JsonSubTypes.Type(value = IngressMessage.Failed.class, name = "failed"),
  @JsonSubTypes.Type(value = IngressMessage.Publish.class, name = "publish"),
})
public sealed interface IngressMessage {

  /** A message for one subscription, named by its {@code route}. */
  sealed interface Routed extends IngressMessage {
    String job();

    JsonNode route();

    /** The subscription id from {@code route.sub}. */
    default String sub() {
      return route().path("sub").asText();
    }
  }

  record Progress(
      @JsonInclude(Include.NON_NULL) String job,
      JsonNode route,
      @JsonInclude(Include.NON_NULL) Long seq,
      JsonNode data)
      implements Routed {
    public Progress {
      route = Fields.requireRoute(route);
    }
  }

  record Result(
      @JsonInclude(Include.NON_NULL) String job,
      JsonNode route,
      @JsonInclude(Include.NON_NULL) Long seq,
      JsonNode data)
      implements Routed {
    public Result {
      route = Fields.requireRoute(route);
    }
  }

  record Failed(@JsonInclude(Include.NON_NULL) String job, JsonNode route, ErrorInfo error)
      implements Routed {
    public Failed {
      route = Fields.requireRoute(route);
      if (error == null) {
        throw new IllegalArgumentException("missing field 'error'");
      }
    }
  }

  record Publish(String topic, JsonNode data) implements IngressMessage {
    public Publish {
      TopicNames.require(topic, "'topic'");
    }
  }
}
