package io.jobwire.frontend.internal.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.internal.connection.ClientConnection;

/**
 * Who hears every {@code publish} besides the jobwire subscriptions: the WAMP subscribers. Called
 * on {@code jobwire-ingress}.
 */
public interface TopicListeners {
  /**
   * Delivers {@code data} to the listeners of {@code topic} but {@code excluded} (null for none),
   * as WAMP publication {@code publication} (0: a new one); returns how many it reached.
   */
  int deliver(String topic, JsonNode data, ClientConnection excluded, long publication);
}
