package io.jobwire.launcher.admin;

import io.jobwire.launcher.cli.Durations;
import io.jobwire.launcher.cli.RedisOption;
import io.jobwire.queue.TokenStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobwire token issue USER}: mint a single-use connect token. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Connect tokens for --auth token front ends.",
    subcommands = {TokenCommand.Issue.class})
public final class TokenCommand {

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = {
        "Store a random single-use token for USER in Redis and print it alone on the last line.",
        "A client connects with ws://HOST:8080/ws?token=T or sends {\"op\":\"auth\",\"token\":T}.",
        "  jobwire token issue alice --ttl 120"
      })
  public static final class Issue implements Callable<Integer> {
    @Mixin RedisOption redis;

    @Parameters(index = "0", paramLabel = "USER", description = "The user the token stands for.")
    String user;

    @Option(
        names = "--ttl",
        defaultValue = "${env:JOBWIRE_TOKEN_TTL:-60s}",
        converter = Durations.Seconds.class,
        paramLabel = "DURATION",
        description =
            "How long the token may wait to be used: 90s, 10m, PT1M; a bare number is seconds"
                + " (env JOBWIRE_TOKEN_TTL; default ${DEFAULT-VALUE}).")
    public Duration ttl;

    @Override
    public Integer call() {
      if (user.isBlank() || ttl.toSeconds() < 1) {
        System.err.println("USER must not be blank and --ttl must be >= 1");
        return 2;
      }
      try (TokenStore tokens = TokenStore.redis(redis.uri)) {
        System.out.println(tokens.issue(user, ttl));
      }
      return 0;
    }
  }
}
