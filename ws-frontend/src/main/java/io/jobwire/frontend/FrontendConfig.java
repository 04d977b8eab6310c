package io.jobwire.frontend;

import io.jobwire.frontend.internal.Ids;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a front end is set up. Immutable; build one with {@link #builder()}, which validates it.
 *
 * @param host the HTTP interface to bind
 * @param port the HTTP port; 0 picks a free one
 * @param ingressBind the ZeroMQ endpoint the PULL socket binds; {@code tcp://127.0.0.1:*} picks a
 *     free port
 * @param replyTo the endpoint advertised to workers as {@code reply_to}, or null for the bound
 *     ingress endpoint (set it when binding a wildcard address that workers cannot dial)
 * @param topics the topics clients may subscribe to; {@value #ANY_TOPIC} allows any
 * @param frontendId this front end's id, copied into every job's {@code route.fe}
 * @param maxFrameBytes the largest client message accepted; larger ones get {@code frame_too_large}
 * @param maxSubscriptionsPerConnection beyond this a {@code subscribe} gets {@code
 *     too_many_subscriptions}
 * @param auth how connections are authenticated
 */
public record FrontendConfig(
    String host,
    int port,
    String ingressBind,
    String replyTo,
    Set<String> topics,
    String frontendId,
    int maxFrameBytes,
    int maxSubscriptionsPerConnection,
    AuthMode auth) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_INGRESS_BIND = "tcp://127.0.0.1:5555";
  public static final String ANY_TOPIC = "*";
  public static final Set<String> DEFAULT_TOPICS = Set.of(ANY_TOPIC);
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
  public static final AuthMode DEFAULT_AUTH = AuthMode.NONE;

  /** The smallest frame limit accepted: every protocol message must still fit. */
  public static final int MIN_MAX_FRAME_BYTES = 1024;

  public static final int MAX_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  public FrontendConfig {
    requireText(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (0 = any free port), was " + port);
    }
    requireEndpoint(ingressBind, "ingressBind");
    if (replyTo != null) {
      requireEndpoint(replyTo, "replyTo");
      if (replyTo.contains("*")) {
        throw new IllegalArgumentException(
            "replyTo must be an endpoint workers can dial, not a wildcard: " + replyTo);
      }
    }
    Objects.requireNonNull(topics, "topics");
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("topics must name at least one topic, or '*' for any");
    }
    topics.forEach(topic -> requireText(topic, "every topic"));
    topics = Set.copyOf(topics);
    requireText(frontendId, "frontendId");
    if (maxFrameBytes < MIN_MAX_FRAME_BYTES || maxFrameBytes > MAX_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "maxFrameBytes must be "
              + MIN_MAX_FRAME_BYTES
              + ".."
              + MAX_MAX_FRAME_BYTES
              + ", was "
              + maxFrameBytes);
    }
    if (maxSubscriptionsPerConnection < 1) {
      throw new IllegalArgumentException(
          "maxSubscriptionsPerConnection must be >= 1, was " + maxSubscriptionsPerConnection);
    }
    Objects.requireNonNull(auth, "auth");
  }

  /** The defaults: 127.0.0.1:8080, ingress tcp://127.0.0.1:5555, any topic, no auth. */
  public static FrontendConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .ingressBind(ingressBind)
        .replyTo(replyTo)
        .topics(topics)
        .frontendId(frontendId)
        .maxFrameBytes(maxFrameBytes)
        .maxSubscriptionsPerConnection(maxSubscriptionsPerConnection)
        .auth(auth);
  }

  /** True when clients may subscribe to {@code topic}. */
  public boolean allowsTopic(String topic) {
    return topics.contains(ANY_TOPIC) || topics.contains(topic);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requireEndpoint(String value, String name) {
    requireText(value, name);
    if (!value.matches("(tcp|ipc|inproc)://.+")) {
      throw new IllegalArgumentException(
          name + " must be a ZeroMQ endpoint such as tcp://127.0.0.1:5555, was " + value);
    }
  }

  /** Collects values; {@link #build()} validates them. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String ingressBind = DEFAULT_INGRESS_BIND;
    private String replyTo;
    private Set<String> topics = DEFAULT_TOPICS;
    private String frontendId;
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private int maxSubscriptionsPerConnection = DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION;
    private AuthMode auth = DEFAULT_AUTH;

    private Builder() {}

    public Builder host(String value) {
      host = value;
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /** {@code tcp://127.0.0.1:*} picks a free port. */
    public Builder ingressBind(String value) {
      ingressBind = value;
      return this;
    }

    /** null = the bound ingress endpoint. */
    public Builder replyTo(String value) {
      replyTo = value;
      return this;
    }

    public Builder topics(Set<String> value) {
      topics = value == null ? null : new LinkedHashSet<>(value);
      return this;
    }

    public Builder topics(String... value) {
      return topics(new LinkedHashSet<>(Arrays.asList(value)));
    }

    /** null = a random id. */
    public Builder frontendId(String value) {
      frontendId = value;
      return this;
    }

    public Builder maxFrameBytes(int value) {
      maxFrameBytes = value;
      return this;
    }

    public Builder maxSubscriptionsPerConnection(int value) {
      maxSubscriptionsPerConnection = value;
      return this;
    }

    public Builder auth(AuthMode value) {
      auth = value;
      return this;
    }

    public FrontendConfig build() {
      return new FrontendConfig(
          host,
          port,
          ingressBind,
          replyTo,
          topics,
          frontendId == null ? Ids.frontend() : frontendId,
          maxFrameBytes,
          maxSubscriptionsPerConnection,
          auth);
    }
  }
}
