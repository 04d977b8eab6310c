package io.jobwire.broker.internal.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerHttp;
import io.jobwire.queue.Monitor;
import io.jobwire.runtime.Health;
import io.jobwire.security.TlsConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BrokerHttp} on the JDK's HTTP server, with one named thread. */
public final class JdkBrokerHttp implements BrokerHttp {
  private static final Logger log = LoggerFactory.getLogger(JdkBrokerHttp.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;

  private JdkBrokerHttp(HttpServer server, ExecutorService executor, String scheme, String host) {
    this.server = server;
    this.executor = executor;
    String bracketed = host.contains(":") ? "[" + host + "]" : host;
    this.baseUrl = scheme + "://" + bracketed + ":" + server.getAddress().getPort();
  }

  public static BrokerHttp start(
      Broker broker, Monitor monitor, String host, int port, TlsConfig tls) {
    HttpServer server;
    try {
      var address = new InetSocketAddress(host, port);
      if (tls.enabled()) {
        var https = HttpsServer.create(address, 16);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
        server = https;
      } else {
        server = HttpServer.create(address, 16);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "broker HTTP cannot listen on " + host + ":" + port + "; choose another --http-port", e);
    }
    QueueDepthGauges depths =
        monitor == null ? null : new QueueDepthGauges(broker.meterRegistry(), monitor);
    server.createContext(
        "/metrics",
        exchange -> {
          if (depths != null) {
            depths.refresh();
          }
          String text =
              broker.meterRegistry() instanceof PrometheusMeterRegistry prometheus
                  ? prometheus.scrape()
                  : "";
          send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text);
        });
    server.createContext("/health/live", exchange -> health(exchange, Health.live()));
    server.createContext("/health/ready", exchange -> health(exchange, broker.health()));
    ExecutorService executor =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "jobwire-broker-http"));
    server.setExecutor(executor);
    server.start();
    var http = new JdkBrokerHttp(server, executor, tls.enabled() ? "https" : "http", host);
    log.info("broker http listening on {}/metrics", http.baseUrl());
    return http;
  }

  private static void health(HttpExchange exchange, Health health) throws IOException {
    send(exchange, health.httpStatus(), "application/json", health.toJson());
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
