package io.jobwire.frontend.internal;

import io.jobwire.frontend.AuthMode;
import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.FrontendStats;
import io.jobwire.frontend.internal.auth.AdminGuard;
import io.jobwire.frontend.internal.auth.Authenticator;
import io.jobwire.frontend.internal.auth.TokenEndpoint;
import io.jobwire.frontend.internal.cluster.FrontendCluster;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.connection.ConnectionSlots;
import io.jobwire.frontend.internal.connection.HandshakeGuard;
import io.jobwire.frontend.internal.connection.Keepalive;
import io.jobwire.frontend.internal.connection.RequestHandler;
import io.jobwire.frontend.internal.connection.SubprotocolCheck;
import io.jobwire.frontend.internal.connection.WebSocketEndpoint;
import io.jobwire.frontend.internal.enqueue.Enqueuer;
import io.jobwire.frontend.internal.enqueue.QueueCalls;
import io.jobwire.frontend.internal.enqueue.StatusLookup;
import io.jobwire.frontend.internal.ingress.IngressLoop;
import io.jobwire.frontend.internal.ingress.IngressRouter;
import io.jobwire.frontend.internal.stream.Streams;
import io.jobwire.frontend.internal.subscription.ServedTopics;
import io.jobwire.frontend.internal.subscription.SubscribeRates;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.frontend.internal.subscription.Subscriptions;
import io.jobwire.frontend.internal.wamp.WampRouter;
import io.jobwire.frontend.internal.wamp.WampTopics;
import io.jobwire.frontend.internal.web.DashboardFeed;
import io.jobwire.frontend.internal.web.WebRoutes;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ServerMessage;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.Monitor;
import io.jobwire.queue.TokenStore;
import io.jobwire.runtime.NamedThreads;
import io.jobwire.security.CurveServer;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the parts together and owns their lifecycles.
 *
 * <p>Threads: Undertow's IO threads (frames, {@code ping}, handing work over), {@code
 * jobwire-enqueue} (batched enqueue, {@code subscribed}), {@code jobwire-ingress} (the PULL socket,
 * routing, {@code seq}), {@code jobwire-queue-N} ({@code status}, {@code cancel}), {@code
 * jobwire-auth-N} (consuming connect tokens), {@code jobwire-timer} (recurring runs, resume
 * windows, keepalive).
 */
public final class FrontendServer implements Frontend {
  private static final Logger log = LoggerFactory.getLogger(FrontendServer.class);
  private static final String PATH = "/ws";
  private static final long CLOSE_GRACE_MILLIS = 1_000;

  private final FrontendConfig config;
  private final Counters counters;
  private final SubscriptionRegistry registry;
  private final Set<ClientConnection> connections;
  private final IngressLoop ingress;
  private final QueueCalls calls;
  private final Enqueuer enqueuer;
  private final String replyTo;
  private final Authenticator authenticator;
  private final ScheduledExecutorService timer;
  private final FrontendCluster cluster;
  private Keepalive keepalive;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Undertow undertow;
  private int httpPort;
  private FrontendMetrics metrics;
  private DashboardFeed feed;

  private FrontendServer(
      FrontendConfig config,
      Counters counters,
      SubscriptionRegistry registry,
      IngressLoop ingress,
      QueueCalls calls,
      Enqueuer enqueuer,
      String replyTo,
      Authenticator authenticator,
      ScheduledExecutorService timer,
      FrontendCluster cluster) {
    this.cluster = cluster;
    this.authenticator = authenticator;
    this.timer = timer;
    this.config = config;
    this.counters = counters;
    this.registry = registry;
    this.connections = ConcurrentHashMap.newKeySet();
    this.ingress = ingress;
    this.calls = calls;
    this.enqueuer = enqueuer;
    this.replyTo = replyTo;
  }

  public static Frontend start(FrontendConfig config, JobQueue queue, TokenStore tokens) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(queue, "queue");
    SSLContext tls = config.tls().enabled() ? config.tls().sslContext() : null; // fails early
    Authenticator authenticator = new Authenticator(config, tokens);
    Counters counters = new Counters();
    SubscriptionRegistry registry = new SubscriptionRegistry();
    WampTopics wampTopics = new WampTopics();
    IngressRouter router = new IngressRouter(registry, wampTopics, counters);
    FrontendCluster cluster =
        config.cluster().enabled() ? new FrontendCluster(config, registry, queue) : null;
    router.useCluster(cluster);
    IngressLoop ingress;
    try {
      ingress =
          IngressLoop.start(
              config.ingressBind(),
              router,
              new CurveServer(config.curve(), "ingress"),
              config.maxMessageBytes());
    } catch (RuntimeException e) {
      if (cluster != null) {
        cluster.close();
      }
      throw e;
    }
    String replyTo = config.replyTo() != null ? config.replyTo() : ingress.endpoint();
    if (config.replyTo() == null && replyTo.contains("0.0.0.0")) {
      log.warn(
          "ingress is bound to {} and workers are told to reply there; set replyTo to an"
              + " address they can reach",
          replyTo);
    }
    QueueCalls calls = new QueueCalls(queue);
    var timer = new ScheduledThreadPoolExecutor(1, new NamedThreads("jobwire-timer"));
    timer.setRemoveOnCancelPolicy(true);
    Streams streams = new Streams(config, replyTo, registry, calls, timer);
    streams.useCluster(cluster);
    router.useStreams(streams);
    SubscribeRates rates = new SubscribeRates(config.limits());
    ServedTopics served = new ServedTopics();
    Subscriptions subscriptions =
        new Subscriptions(config, registry, streams, rates, timer, cluster, served);
    Enqueuer enqueuer = new Enqueuer(queue, streams);
    streams.useEnqueuer(enqueuer);
    FrontendServer server =
        new FrontendServer(
            config,
            counters,
            registry,
            ingress,
            calls,
            enqueuer,
            replyTo,
            authenticator,
            timer,
            cluster);
    try {
      if (cluster != null) {
        cluster.start(ingress, router, streams, subscriptions, replyTo);
      }
      enqueuer.start();
      server.keepalive = new Keepalive(server.connections, config.limits().idleTimeout(), timer);
      server.listen(subscriptions, rates, tokens, queue.monitor(), tls, served, router, wampTopics);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    log.info(
        "front end {} listening on {}, ingress {}, reply_to {}",
        config.frontendId(),
        server.webSocketUri(),
        ingress.endpoint(),
        replyTo);
    return server;
  }

  private void listen(
      Subscriptions subscriptions,
      SubscribeRates rates,
      TokenStore tokens,
      Monitor monitor,
      SSLContext tls,
      ServedTopics served,
      IngressRouter router,
      WampTopics wampTopics) {
    metrics = new FrontendMetrics(this::stats);
    ingress.curve().bindTo(metrics.registry, "jobwire.frontend.curve.refused");
    feed = new DashboardFeed(config.frontendId(), replyTo, this::stats, monitor, metrics, served);
    var admin =
        new AdminGuard(
            config.adminKey(),
            config.adminCookie(),
            config.clock(),
            config.host(),
            tls != null,
            metrics.adminDenied);
    var web = new WebRoutes(metrics, feed, monitor, ingress::alive, enqueuer::alive, admin);
    var slots = new ConnectionSlots(connections, config.limits());
    RequestHandler handler =
        new RequestHandler(
            authenticator,
            subscriptions,
            new StatusLookup(calls),
            connection -> {
              rates.userJoined(connection.user());
              return slots.authenticated(connection);
            });
    // A WAMP client's PUBLISH goes out on jobwire-ingress, like one from the ingress.
    WampRouter.Publisher publisher =
        (topic, data, excluded, publication) ->
            ingress.post(
                () ->
                    router.publish(new IngressMessage.Publish(topic, data), excluded, publication));
    var wamp =
        new WampRouter(
            config, handler, subscriptions, rates, wampTopics, publisher, authenticator.required());
    WebSocketEndpoint endpoint =
        new WebSocketEndpoint(
            config, handler, subscriptions, rates, slots, authenticator.required(), counters, wamp);
    // The client's first subprotocol that is ours wins; none asked for means jobwire.v1.
    var handshake =
        new WebSocketProtocolHandshakeHandler(
            List.of(
                new Hybi13Handshake(Set.of(ServerMessage.PROTOCOL, WampRouter.PROTOCOL), false)),
            endpoint);
    var paths =
        Handlers.path(web)
            .addExactPath(
                PATH,
                new HandshakeGuard(config, authenticator, slots, new SubprotocolCheck(handshake)));
    if (config.adminKey() != null && tokens != null && config.auth() == AuthMode.TOKEN) {
      paths.addExactPath(
          "/tokens", admin.protect(new TokenEndpoint(tokens, authenticator.handshakeExecutor())));
    }
    var builder = Undertow.builder();
    if (tls != null) {
      builder.addHttpsListener(config.port(), config.host(), tls); // no plain listener at all
    } else {
      builder.addHttpListener(config.port(), config.host());
    }
    undertow =
        builder
            .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, (int) CLOSE_GRACE_MILLIS)
            // Slowloris: a request (a handshake included) must arrive whole in time, and a new
            // TCP connection must start one in time; neither counts toward --max-connections.
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, handshakeMillis())
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, handshakeMillis())
            .setHandler(paths)
            .build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      undertow = null;
      throw new IllegalStateException(
          "cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + " ("
              + (e.getCause() != null ? e.getCause() : e)
              + "); choose another port (0 = any free one)",
          e);
    }
    httpPort = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    feed.start(undertow.getWorker().getIoThread());
  }

  private int handshakeMillis() {
    return (int) Math.min(Integer.MAX_VALUE, config.limits().handshakeTimeout().toMillis());
  }

  @Override
  public int httpPort() {
    return httpPort;
  }

  @Override
  public URI webSocketUri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    String scheme = config.tls().enabled() ? "wss://" : "ws://";
    return URI.create(scheme + host + ":" + httpPort + PATH);
  }

  @Override
  public String ingressEndpoint() {
    return ingress.endpoint();
  }

  @Override
  public String replyTo() {
    return replyTo;
  }

  @Override
  public String frontendId() {
    return config.frontendId();
  }

  @Override
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  @Override
  public FrontendStats stats() {
    return new FrontendStats(
        connections.size(),
        registry.size(),
        counters.ingressMessages.sum(),
        counters.ingressMalformed.sum(),
        counters.unknownRoutes.sum(),
        counters.duplicatesDropped.sum(),
        counters.deliveries.sum(),
        counters.overflowDropped.sum(),
        counters.slowClientsDisconnected.sum());
  }

  /**
   * Says goodbye to every client (1001, going away): their subscriptions wait for a resume (on
   * another front end, with history in Redis); with no resume window they end and their unfinished
   * jobs are cancelled. Then stops Undertow, the enqueue and ingress threads, and the queue calls
   * (waiting briefly for those cancels).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (cluster != null) {
      // First, so that the others see this front end as gone and take its clients over.
      quietly("leaving the front-end channels", cluster::stopListening);
    }
    if (feed != null) {
      quietly("stopping jobwire-observer", feed::close);
    }
    if (undertow != null) {
      quietly("closing connections", this::closeConnections);
      quietly("stopping Undertow", undertow::stop);
    }
    if (keepalive != null) {
      quietly("stopping the keepalive", keepalive::close);
    }
    quietly("stopping jobwire-enqueue", enqueuer::close);
    quietly("stopping jobwire-ingress", ingress::close);
    if (cluster != null) {
      // Subscription state stays in Redis: clients resume on another front end.
      quietly("stopping jobwire-cluster", cluster::close);
    }
    quietly("stopping the queue calls", calls::close);
    quietly("stopping jobwire-timer", timer::shutdownNow);
    quietly("stopping jobwire-auth", authenticator::close);
    log.info("front end {} stopped", config.frontendId());
  }

  /** One shutdown step; a failing step must not keep the others from running. */
  private static void quietly(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      log.warn("{} failed during shutdown; carrying on", what, e);
    }
  }

  private void closeConnections() {
    connections.forEach(
        connection -> connection.close(CloseMessage.GOING_AWAY, "front end shutting down"));
    awaitConnectionsClosed();
  }

  private void awaitConnectionsClosed() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
    while (!connections.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
