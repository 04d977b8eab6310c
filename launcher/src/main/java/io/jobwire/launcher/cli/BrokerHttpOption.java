package io.jobwire.launcher.cli;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerHttp;
import io.jobwire.queue.Monitor;
import io.jobwire.security.TlsConfig;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --http-port}: the broker's {@code /metrics} and {@code /health} endpoint. */
public final class BrokerHttpOption {
  private static final Logger log = LoggerFactory.getLogger(BrokerHttpOption.class);

  @Option(
      names = "--http-port",
      defaultValue = "${env:JOBWIRE_BROKER_HTTP_PORT:-" + BrokerHttp.DEFAULT_PORT + "}",
      paramLabel = "PORT",
      description =
          "Port of the broker's /metrics, /health/live and /health/ready; 0 turns it off (env"
              + " JOBWIRE_BROKER_HTTP_PORT; default ${DEFAULT-VALUE}).")
  public int port;

  @Option(
      names = "--http-host",
      defaultValue = "${env:JOBWIRE_BROKER_HTTP_HOST:-127.0.0.1}",
      paramLabel = "HOST",
      description =
          "Address the broker's HTTP endpoint binds (env JOBWIRE_BROKER_HTTP_HOST; default"
              + " ${DEFAULT-VALUE}).")
  public String host;

  public BrokerHttp start(Broker broker, Monitor monitor) {
    return start(broker, monitor, TlsConfig.OFF);
  }

  /**
   * Starts the endpoint (HTTPS when {@code tls} is on), or returns null when it is off or its port
   * is taken: metrics are not worth failing the broker for, so that is a warning. A bad TLS config
   * does fail: whoever set it wants HTTPS, not a silent fallback.
   */
  public BrokerHttp start(Broker broker, Monitor monitor, TlsConfig tls) {
    if (port <= 0) {
      return null;
    }
    try {
      return BrokerHttp.start(broker, monitor, host, port, tls);
    } catch (UncheckedIOException e) {
      log.warn(
          "broker http not started on {}:{}: {}; pass another --http-port",
          host,
          port,
          e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      return null;
    }
  }
}
