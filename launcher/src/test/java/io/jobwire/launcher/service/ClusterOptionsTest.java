package io.jobwire.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.frontend.ClusterConfig;
import io.jobwire.frontend.FrontendConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClusterOptionsTest {
  static final String REDIS = "redis://10.0.0.9:6379";

  FrontendConfig parse(String... args) {
    var command = new FrontendCommand();
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return command.cluster.apply(command.options.toConfig(), REDIS);
  }

  @Test
  void frontend_keeps_its_history_in_the_shared_redis_by_default_with_a_random_id() {
    FrontendConfig config = parse();

    assertEquals(new ClusterConfig(REDIS, "main", ClusterConfig.History.REDIS), config.cluster());
    assertTrue(config.frontendId().startsWith("fe-"), config.frontendId());
  }

  @Test
  void id_and_history_flags_set_the_front_end_id_and_the_store() {
    FrontendConfig config =
        parse("--id", "fe-a", "--history", "memory", "--reply-to", "tcp://10.0.0.5:5555");

    assertEquals("fe-a", config.frontendId());
    assertEquals(ClusterConfig.History.MEMORY, config.cluster().history());
    assertEquals("tcp://10.0.0.5:5555", config.replyTo());
  }
}
