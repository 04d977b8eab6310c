package io.jobwire.launcher;

import io.jobwire.broker.JobQueue;
import io.jobwire.frontend.Frontend;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobwire frontend}: the WebSocket front end alone. */
@Command(
    name = "frontend",
    mixinStandardHelpOptions = true,
    description = "Run the WebSocket front end: accepts subscriptions, enqueues their jobs in Redis"
        + " and pushes workers' results to the clients.")
final class FrontendCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(FrontendCommand.class);

  @Mixin CommonOptions common;
  @Mixin RedisOption redis;
  @Mixin FrontendOptions options;

  @Option(
      names = "--auth",
      defaultValue = "${env:JOBWIRE_AUTH:-token}",
      description = "none, token or jwt (env JOBWIRE_AUTH; default ${DEFAULT-VALUE}).")
  AuthMode auth;

  @Override
  public Integer call() throws Exception {
    common.applyLogLevel();
    if (auth != AuthMode.NONE) {
      System.err.println(
          "--auth " + auth.name().toLowerCase() + " is not available in this version yet;"
              + " run with --auth none (every connection is anonymous).");
      return 2;
    }
    var shutdown = new AwaitShutdown();
    try {
      JobQueue queue = shutdown.own(JobQueue.redis(redis.uri));
      Frontend frontend = shutdown.own(Frontend.start(options.toConfig(), queue));
      log.info(
          "front end ready ws=ws://{}:{}/ws ingress={} redis={}",
          options.host, frontend.httpPort(), frontend.ingressEndpoint(), redis.uri);
    } catch (RuntimeException e) {
      shutdown.closeAll();
      throw e;
    }
    shutdown.await();
    return 0;
  }
}
