package io.jobwire.launcher.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.cli.CurveOptions;
import io.jobwire.launcher.cli.Durations;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.ProtocolException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobwire push}: put a result, progress or published event into a live front end. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Send a message into a running front end's ingress, as a worker would.",
      "  jobwire push --sub s-7Qf --data '{\"x\":1}'          a result for subscription s-7Qf",
      "  jobwire push --sub s-7Qf --progress --data '{\"p\":5}'  a progress message",
      "  jobwire push --topic news --data '{\"headline\":\"hi\"}' an event to every subscriber of news"
    })
public final class PushCommand implements Callable<Integer> {

  static final class Target {
    @Option(names = "--sub", paramLabel = "S", description = "Subscription id to deliver to.")
    String sub;

    @Option(names = "--topic", paramLabel = "T", description = "Publish to every subscriber of T.")
    String topic;
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Mixin CurveOptions.Push curve;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "JSON",
      description = "The data, as JSON.")
  String data;

  @Option(names = "--progress", description = "Send progress instead of a result (with --sub).")
  boolean progress;

  @Option(
      names = "--to",
      defaultValue = "${env:JOBWIRE_INGRESS:-tcp://127.0.0.1:5555}",
      paramLabel = "ENDPOINT",
      description =
          "The front end's ingress endpoint (env JOBWIRE_INGRESS; default ${DEFAULT-VALUE}).")
  String endpoint;

  @Option(
      names = "--timeout",
      defaultValue = "${env:JOBWIRE_PUSH_TIMEOUT:-3s}",
      converter = Durations.Seconds.class,
      paramLabel = "DURATION",
      description =
          "How long to wait for the front end: 3s, 500ms, PT3S; a bare number is seconds (env"
              + " JOBWIRE_PUSH_TIMEOUT; default ${DEFAULT-VALUE}).")
  public Duration timeout;

  @Override
  public Integer call() {
    JsonNode json;
    try {
      json = Codec.parse(data);
    } catch (ProtocolException e) {
      System.err.println("--data is not valid JSON: " + e.getMessage());
      return 2;
    }
    IngressMessage message = message(json);
    try {
      Pusher.push(endpoint, message, timeout, curve.own(), curve.frontend());
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    System.out.println("pushed " + Codec.encode(message) + " to " + endpoint);
    return 0;
  }

  IngressMessage message(JsonNode json) {
    if (target.topic != null) {
      return new IngressMessage.Publish(target.topic, json);
    }
    JsonNode route = Codec.mapper().createObjectNode().put("sub", target.sub);
    return progress
        ? new IngressMessage.Progress(null, route, null, json)
        : new IngressMessage.Result(null, route, null, json);
  }
}
