package io.jobwire.frontend;

import io.jobwire.protocol.MessageLimits;
import io.jobwire.protocol.TopicNames;
import io.jobwire.runtime.Ids;
import io.jobwire.security.CurveConfig;
import io.jobwire.security.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
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
 * @param jwtSecret the HS256 key for {@link AuthMode#JWT} (at least 32 bytes); null when there is
 *     none (then {@code jwt} must name a JWKS URL)
 * @param allowedOrigins the {@code Origin} headers a handshake may carry; empty = any (a handshake
 *     without {@code Origin}, from a non-browser client, is always allowed)
 * @param limits what one client may cost
 * @param resume what a subscription keeps for a client that reconnects
 * @param topicOptions per-topic options; topics not named get {@link TopicOptions#DEFAULTS}
 * @param clock the time used for JWT expiry and the resume window
 * @param adminKey the key for the admin endpoints: {@code POST /tokens} and the dashboard (header
 *     {@code X-Jobwire-Admin-Key} or {@code Authorization: Bearer}); null disables {@code /tokens}
 *     and leaves the dashboard open on a loopback bind only
 * @param tls the certificate the HTTP port serves {@code https://} and {@code wss://} with; {@link
 *     TlsConfig#OFF} for plain HTTP
 * @param curve ZeroMQ CURVE for the ingress PULL; without keys the ingress binds only to loopback
 *     (see {@link CurveConfig}; its {@code frontendKey} is not used here)
 * @param cluster how it works with other front ends on the same Redis; {@link ClusterConfig#off()}
 *     by default
 * @param jwt issuer, audience, leeway and the JWKS URL for {@link AuthMode#JWT}
 * @param adminCookie expiry and revocation epoch of the dashboard's cookie
 * @param maxMessageBytes the largest ZeroMQ message the ingress PULL accepts; a peer whose frame
 *     header claims more is disconnected before anything is allocated (see {@link MessageLimits})
 * @param wamp realms and publish topics for WAMP clients; {@link WampOptions#DEFAULTS} by default
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
    AuthMode auth,
    String jwtSecret,
    Set<String> allowedOrigins,
    Limits limits,
    ResumeWindow resume,
    Map<String, TopicOptions> topicOptions,
    Clock clock,
    String adminKey,
    TlsConfig tls,
    CurveConfig curve,
    ClusterConfig cluster,
    JwtOptions jwt,
    AdminCookie adminCookie,
    int maxMessageBytes,
    WampOptions wamp) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_INGRESS_BIND = "tcp://127.0.0.1:5555";
  public static final String ANY_TOPIC = "*";
  public static final Set<String> DEFAULT_TOPICS = Set.of(ANY_TOPIC);
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
  public static final AuthMode DEFAULT_AUTH = AuthMode.NONE;
  public static final TlsConfig DEFAULT_TLS = TlsConfig.OFF;

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
    topics.forEach(topic -> requireTopic(topic, "every topic"));
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
    jwt = jwt == null ? JwtOptions.DEFAULTS : jwt;
    adminCookie = adminCookie == null ? AdminCookie.DEFAULTS : adminCookie;
    if (auth == AuthMode.JWT
        && jwtSecret != null
        && jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException(
          "jwtSecret must be at least 32 bytes (256 bits) for HS256");
    }
    if (auth == AuthMode.JWT && jwtSecret == null && jwt.jwksUrl() == null) {
      throw new IllegalArgumentException(
          "auth jwt needs a jwtSecret of at least 32 bytes (256 bits) for HS256, or a JWKS URL"
              + " for RS256/ES256");
    }
    allowedOrigins = allowedOrigins == null ? Set.of() : Set.copyOf(allowedOrigins);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(resume, "resume");
    topicOptions = topicOptions == null ? Map.of() : Map.copyOf(topicOptions);
    topicOptions.keySet().forEach(topic -> TopicNames.require(topic, "every topic with options"));
    Objects.requireNonNull(clock, "clock");
    if (adminKey != null && adminKey.length() < 16) {
      throw new IllegalArgumentException("adminKey must be at least 16 characters");
    }
    Objects.requireNonNull(tls, "tls (TlsConfig.OFF for plain HTTP)");
    curve = curve == null ? CurveConfig.DEFAULT : curve;
    curve.requireSafeBind(ingressBind, "the front end's ingress");
    cluster = cluster == null ? ClusterConfig.off() : cluster;
    wamp = wamp == null ? WampOptions.DEFAULTS : wamp;
    MessageLimits.requireMaxMessageBytes(maxMessageBytes, "maxMessageBytes");
    if (maxMessageBytes < maxFrameBytes + MessageLimits.ENVELOPE_BYTES) {
      throw new IllegalArgumentException(
          "maxMessageBytes ("
              + maxMessageBytes
              + ") must fit a job around the largest client frame: at least maxFrameBytes + "
              + MessageLimits.ENVELOPE_BYTES
              + " = "
              + (maxFrameBytes + MessageLimits.ENVELOPE_BYTES));
    }
  }

  /** Like the record's, with the JWT secret masked so that logging a config leaks nothing. */
  @Override
  public String toString() {
    return "FrontendConfig[host=%s, port=%d, ingressBind=%s, replyTo=%s, topics=%s, frontendId=%s, auth=%s, jwtSecret=%s, adminKey=%s, allowedOrigins=%s, limits=%s, resume=%s, topicOptions=%s, tls=%s, curve=%s, cluster=%s, jwt=%s, adminCookie=%s, maxMessageBytes=%d, wamp=%s]"
        .formatted(
            host,
            port,
            ingressBind,
            replyTo,
            topics,
            frontendId,
            auth,
            jwtSecret == null ? null : "***",
            adminKey == null ? null : "***",
            allowedOrigins,
            limits,
            resume,
            topicOptions,
            tls,
            curve,
            cluster,
            jwt,
            adminCookie,
            maxMessageBytes,
            wamp);
  }

  /** The options of a topic; {@link TopicOptions#DEFAULTS} when it has none. */
  public TopicOptions optionsOf(String topic) {
    return topicOptions.getOrDefault(topic, TopicOptions.DEFAULTS);
  }

  /** True when {@code origin} (null = no header) may open a connection. */
  public boolean allowsOrigin(String origin) {
    return origin == null || allowedOrigins.isEmpty() || allowedOrigins.contains(origin);
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
        .auth(auth)
        .jwtSecret(jwtSecret)
        .allowedOrigins(allowedOrigins)
        .limits(limits)
        .resume(resume)
        .topicOptions(topicOptions)
        .clock(clock)
        .adminKey(adminKey)
        .tls(tls)
        .curve(curve)
        .cluster(cluster)
        .jwt(jwt)
        .adminCookie(adminCookie)
        .maxMessageBytes(maxMessageBytes)
        .wamp(wamp);
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

  private static void requireTopic(String topic, String name) {
    if (!ANY_TOPIC.equals(topic)) {
      TopicNames.require(topic, name);
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
    private String jwtSecret;
    private Set<String> allowedOrigins = Set.of();
    private Limits limits = Limits.defaults();
    private ResumeWindow resume = ResumeWindow.defaults();
    private Map<String, TopicOptions> topicOptions = Map.of();
    private Clock clock = Clock.systemUTC();
    private String adminKey;
    private TlsConfig tls = DEFAULT_TLS;
    private CurveConfig curve = CurveConfig.DEFAULT;
    private ClusterConfig cluster = ClusterConfig.off();
    private int maxMessageBytes = MessageLimits.DEFAULT_MAX_MESSAGE_BYTES;
    private JwtOptions jwt = JwtOptions.DEFAULTS;
    private AdminCookie adminCookie = AdminCookie.DEFAULTS;
    private WampOptions wamp = WampOptions.DEFAULTS;

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

    public Builder jwtSecret(String value) {
      jwtSecret = value;
      return this;
    }

    /** Empty = any origin. */
    public Builder allowedOrigins(Set<String> value) {
      allowedOrigins = value;
      return this;
    }

    public Builder limits(Limits value) {
      limits = value;
      return this;
    }

    public Builder resume(ResumeWindow value) {
      resume = value;
      return this;
    }

    public Builder topicOptions(Map<String, TopicOptions> value) {
      topicOptions = value;
      return this;
    }

    /** Sets one topic's options, keeping the others. */
    public Builder topic(String topic, TopicOptions options) {
      var copy = new java.util.HashMap<>(topicOptions == null ? Map.of() : topicOptions);
      copy.put(topic, options);
      topicOptions = copy;
      return this;
    }

    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    /** null disables {@code POST /tokens} and opens the dashboard on loopback binds only. */
    public Builder adminKey(String value) {
      adminKey = value;
      return this;
    }

    /** HTTPS and {@code wss://} on the HTTP port; {@link TlsConfig#OFF} = plain. */
    public Builder tls(TlsConfig value) {
      tls = value;
      return this;
    }

    public Builder curve(CurveConfig value) {
      curve = value;
      return this;
    }

    /** How it works with other front ends on the same Redis. */
    public Builder cluster(ClusterConfig value) {
      cluster = value;
      return this;
    }

    /** Issuer, audience, leeway and JWKS URL for {@code auth jwt}. */
    public Builder jwt(JwtOptions value) {
      jwt = value;
      return this;
    }

    /** Expiry and revocation epoch of the dashboard's cookie. */
    public Builder adminCookie(AdminCookie value) {
      adminCookie = value;
      return this;
    }

    /** The largest ZeroMQ message the ingress accepts. */
    public Builder maxMessageBytes(int value) {
      maxMessageBytes = value;
      return this;
    }

    /** Realms and publish topics for WAMP clients. */
    public Builder wamp(WampOptions value) {
      wamp = value;
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
          auth,
          jwtSecret,
          allowedOrigins,
          limits,
          resume,
          topicOptions,
          clock,
          adminKey,
          tls,
          curve,
          cluster,
          jwt,
          adminCookie,
          maxMessageBytes,
          wamp);
    }
  }
}
