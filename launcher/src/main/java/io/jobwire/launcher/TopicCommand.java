package io.jobwire.launcher;

import picocli.CommandLine.Command;

/** {@code jobwire topic ...}: run-time settings of one topic, kept in Redis for every broker. */
@Command(
    name = "topic",
    mixinStandardHelpOptions = true,
    description =
        "Run-time settings of a topic, kept in Redis and applied by every broker at once.",
    subcommands = {TopicLimitCommand.class, TopicLimitCommand.Limits.class})
final class TopicCommand {}
