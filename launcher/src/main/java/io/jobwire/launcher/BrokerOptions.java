package io.jobwire.launcher;

import io.jobwire.broker.BrokerConfig;
import picocli.CommandLine.Option;

/** The broker's flags, shared by {@code broker} and {@code demo}. */
final class BrokerOptions {

  @Option(
      names = "--bind",
      defaultValue = "${env:JOBWIRE_BROKER_BIND:-tcp://127.0.0.1:5556}",
      paramLabel = "ENDPOINT",
      description =
          "ZeroMQ ROUTER endpoint workers connect to (env JOBWIRE_BROKER_BIND; default"
              + " ${DEFAULT-VALUE}).")
  String bind;

  /** The broker's config, still to be given a Redis URI. */
  BrokerConfig.Builder toConfig() {
    return BrokerConfig.builder().bind(bind);
  }
}
