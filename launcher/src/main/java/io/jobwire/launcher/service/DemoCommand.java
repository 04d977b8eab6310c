package io.jobwire.launcher.service;

import io.jobwire.launcher.admin.ScheduleCommand;
import io.jobwire.launcher.cli.AdminKeyOption;
import io.jobwire.launcher.cli.BrokerHttpOption;
import io.jobwire.launcher.cli.BrokerOptions;
import io.jobwire.launcher.cli.CommonOptions;
import io.jobwire.launcher.cli.FrontendOptions;
import io.jobwire.launcher.cli.MaxMessageOption;
import io.jobwire.launcher.cli.TlsOptions;
import io.jobwire.launcher.cli.TopicsFile;
import io.jobwire.launcher.cli.WorkerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobwire demo}: every part in one process, ready to try. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the front end, the broker, the example workers and an embedded Redis in one"
            + " process. Authentication is off and every topic is allowed. Ctrl-C stops it.")
public final class DemoCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Mixin FrontendOptions frontendOptions;
  @Mixin BrokerOptions brokerOptions;
  @Mixin BrokerHttpOption brokerHttp;
  @Mixin WorkerOptions workerOptions;
  @Mixin AdminKeyOption adminKey;
  @Mixin TlsOptions tls;
  @Mixin MaxMessageOption maxMessage;

  @Option(
      names = "--redis",
      defaultValue = "${env:JOBWIRE_DEMO_REDIS}",
      paramLabel = "URI",
      description =
          "Use this Redis (its default namespace) instead of starting an embedded one on a free"
              + " loopback port (env JOBWIRE_DEMO_REDIS, not JOBWIRE_REDIS, so that a shell set up"
              + " for production does not point the demo at it; default: embedded).")
  String redisUri;

  @Override
  public Integer call() throws Exception {
    common.applyLogLevel();
    var tlsConfig = tls.toConfig();
    var frontendConfig =
        frontendOptions
            .builder()
            .adminKey(adminKey.key)
            .adminCookie(adminKey.cookie())
            .tls(tlsConfig)
            .maxMessageBytes(maxMessage.bytes)
            .build();
    workerOptions.maxMessageBytes = maxMessage.bytes;
    LocalStack stack =
        LocalStack.start(
            redisUri,
            brokerOptions.toConfig().tls(tlsConfig).maxMessageBytes(maxMessage.bytes),
            frontendConfig,
            workerOptions::build);
    if (frontendOptions.topicsFile != null) {
      ScheduleCommand.putAll(TopicsFile.schedules(frontendOptions.topicsFile), stack.redisUri());
    }
    var monitor = stack.own(stack.queue().monitor());
    var http = brokerHttp.start(stack.broker(), monitor, tlsConfig);
    if (http != null) {
      stack.own(http);
    }
    System.out.println(banner(stack));
    stack.awaitShutdown();
    return 0;
  }

  private String banner(LocalStack stack) {
    String ws = stack.webSocketUrl(frontendOptions.host);
    String ingress = stack.frontend().ingressEndpoint();
    String web =
        (tls.toConfig().enabled() ? "https://" : "http://")
            + frontendOptions.host
            + ":"
            + stack.frontend().httpPort();
    return String.join(
        "\n",
        "",
        "jobwire demo is running (auth off, all topics allowed). Ctrl-C stops it.",
        "",
        "  demo page   " + web + "/",
        "  dashboard   "
            + web
            + "/dashboard"
            + (adminKey.key != null ? "?key=KEY" : "")
            + "   (scripts/jobwire status --redis "
            + stack.redisUri()
            + ")",
        "  WebSocket   " + ws,
        "  ingress     " + ingress + "   (scripts/jobwire push --to ...)",
        "  Redis       " + stack.redisUri() + "   (scripts/jobwire enqueue --redis ...)",
        "",
        "Try it from a terminal (Debian: apt-get install python3-websockets):",
        "  /usr/bin/python3 -m websockets " + ws,
        "  > {\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":3}}",
        "",
        "or from a browser's developer console:",
        "  const ws = new WebSocket('" + ws + "');",
        "  ws.onmessage = e => console.log(e.data);",
        "  ws.onopen = () => ws.send(JSON.stringify({op:'subscribe', ref:1, topic:'ping',"
            + " params:{count:3}}));",
        "",
        "Push a result into a subscription by hand:",
        "  scripts/jobwire push --to " + ingress + " --sub SUB_ID --data '{\"x\":1}'",
        "");
  }
}
