package io.jobwire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** What a worker sends to the broker over its DEALER socket. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = WorkerMessage.Ready.class, name = "ready"),
  @JsonSubTypes.Type(value = WorkerMessage.Heartbeat.class, name = "heartbeat"),
  @JsonSubTypes.Type(value = WorkerMessage.Done.class, name = "done"),
  @JsonSubTypes.Type(value = WorkerMessage.Fail.class, name = "fail"),
  @JsonSubTypes.Type(value = WorkerMessage.Bye.class, name = "bye"),
})
public sealed interface WorkerMessage {

  /** Join (or re-join): run up to {@code capacity} jobs at once for {@code topics}. */
  record Ready(String worker, List<String> topics, int capacity) implements WorkerMessage {
    public Ready {
      Fields.require(worker, "worker");
      if (topics == null || topics.isEmpty()) {
        throw new IllegalArgumentException("'topics' must be a non-empty array");
      }
      topics = List.copyOf(topics);
      topics.forEach(topic -> TopicNames.require(topic, "every topic"));
      if (capacity < 1) {
        throw new IllegalArgumentException("'capacity' must be >= 1");
      }
    }
  }

  /**
   * Keeps the worker alive and its jobs leased. {@code draining} (optional, added in v1.1, sent
   * only when true): the worker is shutting down and takes no new jobs; it finishes or hands back
   * the listed ones.
   */
  record Heartbeat(
      String worker,
      List<String> running,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean draining)
      implements WorkerMessage {
    public Heartbeat {
      Fields.require(worker, "worker");
      running = running == null ? List.of() : List.copyOf(running);
    }

    public Heartbeat(String worker, List<String> running) {
      this(worker, running, false);
    }
  }

  record Done(String job) implements WorkerMessage {
    public Done {
      Fields.require(job, "job");
    }
  }

  /** {@code retry:false} sends the job straight to the dead letters; absent means true. */
  record Fail(String job, ErrorInfo error, Boolean retry) implements WorkerMessage {
    public Fail {
      retry = retry == null || retry;
      Fields.require(job, "job");
      if (error == null) {
        throw new IllegalArgumentException("missing field 'error'");
      }
    }
  }

  record Bye(String worker) implements WorkerMessage {
    public Bye {
      Fields.require(worker, "worker");
    }
  }
}
