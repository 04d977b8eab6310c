package io.jobwire.launcher.service;

import io.jobwire.frontend.AuthMode;
import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.JwtOptions;
import io.jobwire.launcher.cli.AdminKeyOption;
import io.jobwire.launcher.cli.AwaitShutdown;
import io.jobwire.launcher.cli.ClusterOptions;
import io.jobwire.launcher.cli.CommonOptions;
import io.jobwire.launcher.cli.CurveOptions;
import io.jobwire.launcher.cli.Durations;
import io.jobwire.launcher.cli.FrontendOptions;
import io.jobwire.launcher.cli.MaxMessageOption;
import io.jobwire.launcher.cli.ReadyLine;
import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.launcher.cli.TlsOptions;
import io.jobwire.queue.FlowControl;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.RedisConnections;
import io.jobwire.queue.TokenStore;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobwire frontend}: the WebSocket front end alone. */
@Command(
    name = "frontend",
    mixinStandardHelpOptions = true,
    description =
        "Run the WebSocket front end: accepts subscriptions, enqueues their jobs in Redis"
            + " and pushes workers' results to the clients.")
public final class FrontendCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(FrontendCommand.class);

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin RedisOption redis;
  @Mixin FrontendOptions options;
  @Mixin AdminKeyOption adminKey;
  @Mixin TlsOptions tls;
  @Mixin CurveOptions.Server curve;
  @Mixin ClusterOptions cluster;
  @Mixin MaxMessageOption maxMessage;

  @Option(
      names = "--auth",
      defaultValue = "${env:JOBWIRE_AUTH:-token}",
      description =
          "none, token (single-use tokens from `jobwire token issue` or POST /tokens) or jwt"
              + " (HS256 with --jwt-secret, RS256/ES256 with --jwt-jwks-url) (env JOBWIRE_AUTH;"
              + " default ${DEFAULT-VALUE}).")
  public AuthMode auth;

  @Option(
      names = "--jwt-secret",
      defaultValue = "${env:JOBWIRE_JWT_SECRET}",
      paramLabel = "SECRET",
      description = "HS256 key for --auth jwt, at least 32 bytes (env JOBWIRE_JWT_SECRET).")
  String jwtSecret;

  @Option(
      names = "--jwt-jwks-url",
      defaultValue = "${env:JOBWIRE_JWT_JWKS_URL}",
      paramLabel = "URL",
      description =
          "For --auth jwt: the identity provider's JSON Web Key Set (https://, or http:// on"
              + " loopback); RS256 and ES256 tokens are checked with its keys, cached and fetched"
              + " again when a token names a new key id (env JOBWIRE_JWT_JWKS_URL).")
  URI jwksUrl;

  @Option(
      names = "--jwt-issuer",
      defaultValue = "${env:JOBWIRE_JWT_ISSUER}",
      description = "For --auth jwt: the iss every token must carry (env JOBWIRE_JWT_ISSUER).")
  String jwtIssuer;

  @Option(
      names = "--jwt-audience",
      defaultValue = "${env:JOBWIRE_JWT_AUDIENCE}",
      description =
          "For --auth jwt: a value every token's aud must hold (env JOBWIRE_JWT_AUDIENCE).")
  String jwtAudience;

  @Option(
      names = "--jwt-leeway-ms",
      defaultValue = "${env:JOBWIRE_JWT_LEEWAY_MS:-30000}",
      converter = Durations.Millis.class,
      description =
          "For --auth jwt: clock skew allowed on exp and nbf (env JOBWIRE_JWT_LEEWAY_MS; default"
              + " ${DEFAULT-VALUE}).")
  long jwtLeewayMs;

  @Override
  public Integer call() throws Exception {
    common.applyLogLevel();
    if (auth == AuthMode.JWT && (jwtSecret == null || jwtSecret.isBlank()) && jwksUrl == null) {
      System.err.println(
          "--auth jwt needs --jwt-secret (or JOBWIRE_JWT_SECRET), 32 bytes or more, or"
              + " --jwt-jwks-url");
      return 2;
    }
    if (jwtSecret != null
        && !jwtSecret.isBlank()
        && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      spec.commandLine()
          .getErr()
          .println(
              "jobwire frontend: --jwt-secret (or JOBWIRE_JWT_SECRET) must be at least 32 bytes"
                  + " (256 bits) for HS256; it has "
                  + jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      return 2;
    }
    FrontendConfig config;
    Map<String, FlowLimits> flowLimits;
    try {
      flowLimits = options.flowLimits();
      config =
          cluster.apply(
              options
                  .builder()
                  .auth(auth)
                  .jwtSecret(jwtSecret == null || jwtSecret.isBlank() ? null : jwtSecret)
                  .jwt(
                      JwtOptions.DEFAULTS
                          .withJwksUrl(jwksUrl)
                          .withIssuer(jwtIssuer)
                          .withAudience(jwtAudience)
                          .withLeeway(Duration.ofMillis(jwtLeewayMs)))
                  .adminKey(adminKey.key)
                  .adminCookie(adminKey.cookie())
                  .tls(tls.toConfig())
                  .curve(curve.toConfig())
                  .maxMessageBytes(maxMessage.bytes)
                  .build(),
              redis.uri);
    } catch (IllegalArgumentException e) { // a setting that does not fit: say which, start nothing
      spec.commandLine().getErr().println("jobwire frontend: " + e.getMessage());
      return 2;
    }
    var shutdown = new AwaitShutdown();
    try {
      JobQueue queue = shutdown.own(JobQueue.redis(redis.uri));
      applyFlowLimits(flowLimits);
      TokenStore tokens = auth == AuthMode.TOKEN ? shutdown.own(TokenStore.redis(redis.uri)) : null;
      Frontend frontend = shutdown.own(Frontend.start(config, queue, tokens));
      String history = config.cluster().history().name().toLowerCase();
      shutdown.own(
          ReadyLine.announce(
              "front end " + frontend.frontendId() + " ws=" + frontend.webSocketUri(),
              redis.uri,
              () ->
                  log.info(
                      "front end {} ready ws={} ingress={} reply_to={} redis={} auth={} history={}",
                      frontend.frontendId(),
                      frontend.webSocketUri(),
                      frontend.ingressEndpoint(),
                      frontend.replyTo(),
                      RedisConnections.redacted(redis.uri),
                      auth.name().toLowerCase(),
                      history)));
    } catch (RuntimeException e) {
      shutdown.closeAll();
      throw e;
    }
    shutdown.await();
    return 0;
  }

  /** The topics file's flow limits, to Redis: every broker enforces them from there. */
  private void applyFlowLimits(Map<String, FlowLimits> limits) {
    if (limits.isEmpty()) {
      return;
    }
    try (var flow = FlowControl.redis(QueueConfig.builder().redisUri(redis.uri).build())) {
      limits.forEach(
          (topic, limit) -> {
            flow.set(topic, limit);
            log.info("topic={} flow limits from the topics file: {}", topic, limit);
          });
    }
  }
}
