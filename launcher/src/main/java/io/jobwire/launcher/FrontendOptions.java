package io.jobwire.launcher;

import io.jobwire.frontend.FrontendConfig;
import java.util.Arrays;
import java.util.LinkedHashSet;
import picocli.CommandLine.Option;

/** The front end's flags, shared by {@code frontend} and {@code demo}. */
final class FrontendOptions {

  @Option(
      names = "--host",
      defaultValue = "${env:JOBWIRE_HOST:-127.0.0.1}",
      description = "HTTP and WebSocket address to bind (env JOBWIRE_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:JOBWIRE_PORT:-8080}",
      description = "HTTP and WebSocket port (env JOBWIRE_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--ingress",
      defaultValue = "${env:JOBWIRE_INGRESS_BIND:-tcp://127.0.0.1:5555}",
      paramLabel = "ENDPOINT",
      description =
          "ZeroMQ PULL endpoint that workers push results to (env JOBWIRE_INGRESS_BIND; default"
              + " ${DEFAULT-VALUE}).")
  String ingress;

  @Option(
      names = "--reply-to",
      defaultValue = "${env:JOBWIRE_REPLY_TO}",
      paramLabel = "ENDPOINT",
      description =
          "Ingress endpoint as workers on other machines reach it (env JOBWIRE_REPLY_TO; default:"
              + " the bound --ingress).")
  String replyTo;

  @Option(
      names = "--topics",
      defaultValue = "${env:JOBWIRE_TOPICS:-*}",
      paramLabel = "LIST",
      description =
          "Comma-separated topics clients may subscribe to; * allows any (env JOBWIRE_TOPICS;"
              + " default ${DEFAULT-VALUE}).")
  String topics;

  FrontendConfig toConfig() {
    var builder =
        FrontendConfig.builder()
            .host(host)
            .port(port)
            .ingressBind(ingress)
            .topics(new LinkedHashSet<>(Arrays.asList(topics.trim().split("\\s*,\\s*"))));
    if (replyTo != null && !replyTo.isBlank()) {
      builder.replyTo(replyTo);
    }
    return builder.build();
  }
}
