package io.jobwire.frontend.internal.wamp;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.lifecycle.SubscribeRates;
import io.jobwire.frontend.internal.lifecycle.Subscriptions;
import io.jobwire.frontend.internal.requests.RequestHandler;
import java.util.Set;

/**
 * What every {@link WampSession} of a front end shares: the jobwire parts a WAMP message is
 * translated onto, the realms it serves and the topics WAMP clients may publish to.
 */
public final class WampRouter {
  /** The WebSocket subprotocol. */
  public static final String PROTOCOL = "wamp.2.json";

  /** How a WAMP client's {@code PUBLISH} reaches every subscriber, on every front end. */
  public interface Publisher {
    /**
     * Any thread: publishes {@code data} to {@code topic} as {@code publication}, not to {@code
     * excluded} (or null).
     */
    void publish(String topic, JsonNode data, ClientConnection excluded, long publication);
  }

  final FrontendConfig config;
  final RequestHandler handler;
  final Subscriptions subscriptions;
  final SubscribeRates rates;
  final WampTopics topics;
  final Publisher publisher;
  final boolean authRequired;

  public WampRouter(
      FrontendConfig config,
      RequestHandler handler,
      Subscriptions subscriptions,
      SubscribeRates rates,
      WampTopics topics,
      Publisher publisher,
      boolean authRequired) {
    this.config = config;
    this.handler = handler;
    this.subscriptions = subscriptions;
    this.rates = rates;
    this.topics = topics;
    this.publisher = publisher;
    this.authRequired = authRequired;
  }

  /** The realms a {@code HELLO} may name: the configured ones, else the queue's namespace. */
  boolean servesRealm(String realm) {
    Set<String> realms = config.wamp().realms();
    return realms.isEmpty() ? config.cluster().namespace().equals(realm) : realms.contains(realm);
  }

  /** The realm to name in an {@code ABORT} that refuses another. */
  String realms() {
    Set<String> realms = config.wamp().realms();
    return realms.isEmpty() ? config.cluster().namespace() : String.join(", ", realms);
  }

  /** True when WAMP clients may {@code PUBLISH} to {@code topic} (off unless configured). */
  boolean allowsPublish(String topic) {
    return config.wamp().publishTopics().contains(topic);
  }
}
