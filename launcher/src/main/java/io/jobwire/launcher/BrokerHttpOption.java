package io.jobwire.launcher;

import io.jobwire.broker.Broker;
import io.jobwire.broker.BrokerHttp;
import io.jobwire.broker.Monitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --http-port}: the broker's {@code /metrics} and {@code /health} endpoint. */
final class BrokerHttpOption {
  private static final Logger log = LoggerFactory.getLogger(BrokerHttpOption.class);

  @Option(
      names = "--http-port",
      defaultValue = "${env:JOBWIRE_BROKER_HTTP_PORT:-" + BrokerHttp.DEFAULT_PORT + "}",
      paramLabel = "PORT",
      description =
          "Port of the broker's /metrics, /health/live and /health/ready; 0 turns it off (env"
              + " JOBWIRE_BROKER_HTTP_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--http-host",
      defaultValue = "${env:JOBWIRE_BROKER_HTTP_HOST:-127.0.0.1}",
      paramLabel = "HOST",
      description = "Address the broker's HTTP endpoint binds (default ${DEFAULT-VALUE}).")
  String host;

  /**
   * Starts the endpoint, or returns null when it is off or its port is taken: metrics are not worth
   * failing the broker for, so that is a warning.
   */
  BrokerHttp start(Broker broker, Monitor monitor) {
    if (port <= 0) {
      return null;
    }
    try {
      return BrokerHttp.start(broker, monitor, host, port);
    } catch (RuntimeException e) {
      log.warn(
          "broker http not started on {}:{}: {}; pass another --http-port",
          host,
          port,
          e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      return null;
    }
  }
}
