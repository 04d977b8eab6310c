package io.jobwire.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.queue.TopicPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BrokerOptionsTest {

  @Test
  void retry_flag_sets_a_topic_policy_and_others_keep_the_default() {
    var command = new BrokerCommand();
    new CommandLine(command).parseArgs("--retry", "mail=2s,5m,8", "--retry", "sms=250ms,1s,2");

    var config = command.options.toConfig().build();

    assertEquals(
        new TopicPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), 8), config.policy("mail"));
    assertEquals(
        new TopicPolicy(Duration.ofMillis(250), Duration.ofSeconds(1), 2), config.policy("sms"));
    assertEquals(TopicPolicy.DEFAULT, config.policy("ping"));
  }

  @Test
  void keep_finished_flag_sets_a_topic_retention_and_zero_keeps_nothing() {
    var command = new BrokerCommand();
    new CommandLine(command).parseArgs("--keep-finished", "chat=0;report=1d");

    var queue = command.options.toConfig().build().queueConfig();

    assertEquals("{\"*\":3600000,\"chat\":-1,\"report\":86400000}", queue.retentionArgument());
  }
}
