package io.jobwire.frontend.internal;

import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.FrontendStats;
import io.jobwire.frontend.internal.auth.AdminGuard;
import io.jobwire.frontend.internal.auth.Authenticator;
import io.jobwire.frontend.internal.cluster.ClusterPeers;
import io.jobwire.frontend.internal.cluster.FrontendCluster;
import io.jobwire.frontend.internal.connection.ClientConnection;
import io.jobwire.frontend.internal.connection.ConnectionSlots;
import io.jobwire.frontend.internal.connection.Keepalive;
import io.jobwire.frontend.internal.enqueue.Enqueuer;
import io.jobwire.frontend.internal.enqueue.PendingQueue;
import io.jobwire.frontend.internal.enqueue.QueueCalls;
import io.jobwire.frontend.internal.ingress.IngressInbox;
import io.jobwire.frontend.internal.ingress.IngressLoop;
import io.jobwire.frontend.internal.ingress.IngressRouter;
import io.jobwire.frontend.internal.ingress.ReplyTo;
import io.jobwire.frontend.internal.lifecycle.Runs;
import io.jobwire.frontend.internal.lifecycle.ServedTopics;
import io.jobwire.frontend.internal.lifecycle.SubscribeRates;
import io.jobwire.frontend.internal.lifecycle.Subscriptions;
import io.jobwire.frontend.internal.metrics.Counters;
import io.jobwire.frontend.internal.metrics.FrontendMetrics;
import io.jobwire.frontend.internal.requests.RequestHandler;
import io.jobwire.frontend.internal.requests.StatusLookup;
import io.jobwire.frontend.internal.subscription.SubscriptionRegistry;
import io.jobwire.frontend.internal.wamp.WampRouter;
import io.jobwire.frontend.internal.wamp.WampTopics;
import io.jobwire.frontend.internal.web.DashboardFeed;
import io.jobwire.frontend.internal.web.WebRoutes;
import io.jobwire.frontend.internal.websocket.WebSocketEndpoint;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.TokenStore;
import io.jobwire.runtime.NamedThreads;
import io.jobwire.security.CurveServer;
import io.undertow.Undertow;
import io.undertow.websockets.core.CloseMessage;
import java.net.InetSocketAddress;
import java.net.URI;
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
 * The composition root: builds every part whole, in an order where each gets what it needs through
 * its constructor, then starts the threads; owns their lifecycles.
 *
 * <p>Order: what other threads hand work through comes first (the ingress inbox, the pending
 * enqueues, {@code reply_to}, the timer), then the cluster's first half, the subscriptions, the
 * cluster's second half (channels, takeovers), the ingress router and loop, the enqueue thread, and
 * last the HTTP side. No part is reachable by another thread before its constructor returned.
 *
 * <p>Threads: Undertow's IO threads (frames, {@code ping}, handing work over), {@code
 * jobwire-enqueue} (batched enqueue, {@code subscribed}), {@code jobwire-ingress} (the PULL socket,
 * routing, {@code seq}), {@code jobwire-queue-N} ({@code status}, {@code cancel}), {@code
 * jobwire-auth-N} (consuming connect tokens), {@code jobwire-timer} (recurring runs, resume
 * windows, keepalive), {@code jobwire-cluster} and {@code jobwire-cluster-events} (other front
 * ends).
 */
public final class FrontendServer implements Frontend {
  private static final Logger log = LoggerFactory.getLogger(FrontendServer.class);

  /** What {@link #close} stops, in order; a part not built (a failed start) is null. */
  private record Parts(
      FrontendCluster cluster,
      ClusterPeers peers,
      DashboardFeed feed,
      Undertow undertow,
      Keepalive keepalive,
      Enqueuer enqueuer,
      IngressLoop ingress,
      QueueCalls calls,
      ScheduledExecutorService timer,
      Authenticator authenticator) {}

  private final FrontendConfig config;
  private final Counters counters;
  private final SubscriptionRegistry registry;
  private final Set<ClientConnection> connections;
  private final IngressLoop ingress;
  private final String replyTo;
  private final FrontendMetrics metrics;
  private final int httpPort;
  private final Parts parts;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FrontendServer(
      FrontendConfig config,
      Counters counters,
      SubscriptionRegistry registry,
      Set<ClientConnection> connections,
      String replyTo,
      FrontendMetrics metrics,
      int httpPort,
      Parts parts) {
    this.config = config;
    this.counters = counters;
    this.registry = registry;
    this.connections = connections;
    this.ingress = parts.ingress();
    this.replyTo = replyTo;
    this.metrics = metrics;
    this.httpPort = httpPort;
    this.parts = parts;
  }

  public static Frontend start(FrontendConfig config, JobQueue queue, TokenStore tokens) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(queue, "queue");
    SSLContext tls = config.tls().enabled() ? config.tls().sslContext() : null; // fails early
    Authenticator authenticator = new Authenticator(config, tokens);
    Counters counters = new Counters();
    SubscriptionRegistry registry = new SubscriptionRegistry();
    Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    WampTopics wampTopics = new WampTopics();
    IngressInbox inbox = new IngressInbox();
    PendingQueue pending = new PendingQueue();
    ReplyTo replyTo = new ReplyTo(config.replyTo());
    QueueCalls calls = new QueueCalls(queue);
    var timer = new ScheduledThreadPoolExecutor(1, new NamedThreads("jobwire-timer"));
    timer.setRemoveOnCancelPolicy(true);
    Runs runs = new Runs(pending, timer, config.clock());
    ClusterPeers peers =
        config.cluster().enabled()
            ? new ClusterPeers(config, registry, queue, inbox, runs, replyTo)
            : null;
    SubscribeRates rates = new SubscribeRates(config.limits());
    ServedTopics served = new ServedTopics();
    Subscriptions subscriptions =
        new Subscriptions(config, replyTo, registry, calls, runs, rates, timer, peers, served);
    FrontendCluster cluster =
        peers == null
            ? null
            : new FrontendCluster(peers, registry, queue, inbox, subscriptions, replyTo);
    IngressRouter router =
        new IngressRouter(registry, wampTopics::deliver, counters, subscriptions, cluster);
    Enqueuer enqueuer = new Enqueuer(queue, pending, subscriptions);
    IngressLoop ingress = null;
    Keepalive keepalive = null;
    DashboardFeed feed = null;
    Undertow undertow = null;
    FrontendMetrics metrics = null;
    RuntimeException failed = null;
    try {
      ingress =
          IngressLoop.start(
              config.ingressBind(),
              inbox,
              router,
              replyTo,
              new CurveServer(config.curve(), "ingress"),
              config.maxMessageBytes());
      if (replyTo.isBoundEndpoint() && replyTo.get().contains("0.0.0.0")) {
        log.warn(
            "ingress is bound to {} and workers are told to reply there; set replyTo to an"
                + " address they can reach",
            replyTo.get());
      }
      if (cluster != null) {
        cluster.start();
      }
      enqueuer.start();
      keepalive = new Keepalive(connections, config.limits().idleTimeout(), timer);
      metrics = new FrontendMetrics(() -> stats(connections, registry, counters));
      ingress.curve().bindTo(metrics.registry, "jobwire.frontend.curve.refused");
      feed =
          new DashboardFeed(
              config.frontendId(),
              replyTo.get(),
              () -> stats(connections, registry, counters),
              queue.monitor(),
              metrics,
              served);
      var admin =
          new AdminGuard(
              config.adminKey(),
              config.adminCookie(),
              config.clock(),
              config.host(),
              tls != null,
              metrics.adminDenied);
      var web =
          new WebRoutes(metrics, feed, queue.monitor(), ingress::alive, enqueuer::alive, admin);
      var slots = new ConnectionSlots(connections, config.limits());
      RequestHandler handler =
          new RequestHandler(
              authenticator,
              subscriptions,
              new StatusLookup(calls),
              cluster,
              connection -> {
                rates.userJoined(connection.user());
                return slots.authenticated(connection);
              });
      // A WAMP client's PUBLISH goes out on jobwire-ingress, like one from the ingress.
      WampRouter.Publisher publisher =
          (topic, data, excluded, publication) ->
              inbox.route(
                  routes ->
                      routes.publish(
                          new IngressMessage.Publish(topic, data), excluded, publication));
      var wamp =
          new WampRouter(
              config,
              handler,
              subscriptions,
              rates,
              wampTopics,
              publisher,
              authenticator.required());
      WebSocketEndpoint endpoint =
          new WebSocketEndpoint(
              config,
              handler,
              subscriptions,
              rates,
              slots,
              authenticator.required(),
              counters,
              wamp);
      undertow = WebServer.start(config, tls, web, admin, tokens, authenticator, slots, endpoint);
      feed.start(undertow.getWorker().getIoThread());
    } catch (RuntimeException e) {
      failed = e;
    }
    var parts =
        new Parts(
            cluster,
            peers,
            feed,
            undertow,
            keepalive,
            enqueuer,
            ingress,
            calls,
            timer,
            authenticator);
    if (failed != null) {
      stop(config, connections, parts);
      throw failed;
    }
    int httpPort = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    FrontendServer server =
        new FrontendServer(
            config, counters, registry, connections, replyTo.get(), metrics, httpPort, parts);
    log.info(
        "front end {} listening on {}, ingress {}, reply_to {}",
        config.frontendId(),
        server.webSocketUri(),
        ingress.endpoint(),
        replyTo.get());
    return server;
  }

  @Override
  public int httpPort() {
    return httpPort;
  }

  @Override
  public URI webSocketUri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    String scheme = config.tls().enabled() ? "wss://" : "ws://";
    return URI.create(scheme + host + ":" + httpPort + WebServer.PATH);
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
    return stats(connections, registry, counters);
  }

  private static FrontendStats stats(
      Set<ClientConnection> connections, SubscriptionRegistry registry, Counters counters) {
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
    if (closed.compareAndSet(false, true)) {
      stop(config, connections, parts);
    }
  }

  /** Stops what was built, in order; on a failed start some parts are null. */
  private static void stop(FrontendConfig config, Set<ClientConnection> connections, Parts parts) {
    FrontendCluster cluster = parts.cluster();
    if (cluster != null) {
      // First, so that the others see this front end as gone and take its clients over.
      quietly("leaving the front-end channels", cluster::stopListening);
    }
    if (parts.feed() != null) {
      quietly("stopping jobwire-observer", parts.feed()::close);
    }
    if (parts.undertow() != null) {
      quietly("closing connections", () -> closeConnections(connections));
      quietly("stopping Undertow", parts.undertow()::stop);
    }
    if (parts.keepalive() != null) {
      quietly("stopping the keepalive", parts.keepalive()::close);
    }
    quietly("stopping jobwire-enqueue", parts.enqueuer()::close);
    if (parts.ingress() != null) {
      quietly("stopping jobwire-ingress", parts.ingress()::close);
    }
    if (cluster != null) {
      // Subscription state stays in Redis: clients resume on another front end.
      quietly("stopping jobwire-cluster", cluster::close);
    } else if (parts.peers() != null) {
      quietly("stopping jobwire-cluster", parts.peers()::close);
    }
    quietly("stopping the queue calls", parts.calls()::close);
    quietly("stopping jobwire-timer", parts.timer()::shutdownNow);
    quietly("stopping jobwire-auth", parts.authenticator()::close);
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

  private static void closeConnections(Set<ClientConnection> connections) {
    connections.forEach(
        connection -> connection.close(CloseMessage.GOING_AWAY, "front end shutting down"));
    awaitConnectionsClosed(connections);
  }

  private static void awaitConnectionsClosed(Set<ClientConnection> connections) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WebServer.CLOSE_GRACE_MILLIS);
    while (!connections.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
