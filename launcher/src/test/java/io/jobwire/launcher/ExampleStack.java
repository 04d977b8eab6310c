package io.jobwire.launcher;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.launcher.service.LocalStack;
import java.io.IOException;

/** The demo's stack on free loopback ports: a broker, a front end and two example workers. */
final class ExampleStack {
  private ExampleStack() {}

  static LocalStack start(String redisUri) throws IOException {
    return LocalStack.start(
        redisUri,
        BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
        FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*").build(),
        WorkerOptions.examples(2));
  }
}
