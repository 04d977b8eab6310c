package io.jobwire.frontend;

import io.jobwire.protocol.TopicNames;
import java.util.Set;

/**
 * How the front end serves WAMP clients (subprotocol {@code wamp.2.json}).
 *
 * @param realms the realms a {@code HELLO} may name; empty = the queue's namespace only (see {@link
 *     ClusterConfig#namespace()}, {@code main} by default)
 * @param publishTopics the topics WAMP clients may {@code PUBLISH} to; empty (the default) = none
 */
public record WampOptions(Set<String> realms, Set<String> publishTopics) {
  public static final WampOptions DEFAULTS = new WampOptions(Set.of(), Set.of());

  public WampOptions {
    realms = realms == null ? Set.of() : Set.copyOf(realms);
    publishTopics = publishTopics == null ? Set.of() : Set.copyOf(publishTopics);
    for (String realm : realms) {
      if (!realm.matches("([^\\s.#]+\\.)*[^\\s.#]+")) {
        throw new IllegalArgumentException("realm '" + realm + "' is not a WAMP URI");
      }
    }
    publishTopics.forEach(topic -> TopicNames.require(topic, "every WAMP publish topic"));
  }

  public WampOptions withRealms(Set<String> value) {
    return new WampOptions(value, publishTopics);
  }

  public WampOptions withPublishTopics(Set<String> value) {
    return new WampOptions(realms, value);
  }
}
