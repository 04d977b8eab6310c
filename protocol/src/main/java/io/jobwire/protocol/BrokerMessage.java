package io.jobwire.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What the broker sends to a worker over its ROUTER socket. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = BrokerMessage.Assign.class, name = "job"),
  @JsonSubTypes.Type(value = BrokerMessage.Cancel.class, name = "cancel"),
  @JsonSubTypes.Type(value = BrokerMessage.Heartbeat.class, name = "heartbeat"),
})
public sealed interface BrokerMessage {

  /** {@code {"type":"job","job":{...}}}: run this job. */
  record Assign(Job job) implements BrokerMessage {
    public Assign {
      if (job == null) {
        throw new IllegalArgumentException("missing field 'job'");
      }
    }
  }

  /** Stop this job if it runs; no result is expected. */
  record Cancel(String job) implements BrokerMessage {
    public Cancel {
      Fields.require(job, "job");
    }
  }

  /** The broker is alive. */
  record Heartbeat() implements BrokerMessage {}
}
