package io.jobwire.workers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the {@code command} topic may run. Immutable; validated when built.
 *
 * <p>Each allowed name maps to a fixed argv, run without a shell. An argv element written as {@code
 * {param}} (the whole element) is replaced by the job's integer param of that name, which must lie
 * in {@code 0..maxIntArg}; nothing else from a job ever reaches the command line.
 *
 * @param allowList name → argv template
 * @param timeout longest run of one command (the job's deadline may cut it shorter)
 * @param maxOutputBytes bytes kept of stdout and of stderr each; the rest is read and dropped
 * @param maxIntArg the largest value a {@code {param}} may take
 */
public record CommandConfig(
    Map<String, List<String>> allowList, Duration timeout, int maxOutputBytes, int maxIntArg) {

  public static final Map<String, List<String>> DEFAULT_ALLOW_LIST = defaultAllowList();
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_INT_ARG = 60;

  static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");

  public CommandConfig {
    Objects.requireNonNull(allowList, "allowList");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    allowList.forEach(
        (name, argv) -> {
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an allowed command needs a name");
          }
          if (argv == null || argv.isEmpty() || argv.getFirst().isBlank()) {
            throw new IllegalArgumentException("allowed command '" + name + "' needs a program");
          }
          if (PLACEHOLDER.matcher(argv.getFirst()).matches()) {
            throw new IllegalArgumentException("the program of '" + name + "' cannot be a param");
          }
          copy.put(name, List.copyOf(argv));
        });
    allowList = java.util.Collections.unmodifiableMap(copy);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxOutputBytes < 0) {
      throw new IllegalArgumentException("maxOutputBytes must be >= 0");
    }
    if (maxIntArg < 0) {
      throw new IllegalArgumentException("maxIntArg must be >= 0");
    }
  }

  /** {@code uptime}, {@code date}, {@code df -h} and {@code sleep {seconds}}; 30 s timeout. */
  public static CommandConfig defaults() {
    return new CommandConfig(
        DEFAULT_ALLOW_LIST, DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MAX_INT_ARG);
  }

  public CommandConfig withAllowList(Map<String, List<String>> allowList) {
    return new CommandConfig(allowList, timeout, maxOutputBytes, maxIntArg);
  }

  /** A copy that also allows {@code name} → {@code argv}. */
  public CommandConfig allowing(String name, String... argv) {
    Map<String, List<String>> more = new LinkedHashMap<>(allowList);
    more.put(name, List.of(argv));
    return withAllowList(more);
  }

  public CommandConfig withTimeout(Duration timeout) {
    return new CommandConfig(allowList, timeout, maxOutputBytes, maxIntArg);
  }

  public CommandConfig withMaxOutputBytes(int maxOutputBytes) {
    return new CommandConfig(allowList, timeout, maxOutputBytes, maxIntArg);
  }

  public CommandConfig withMaxIntArg(int maxIntArg) {
    return new CommandConfig(allowList, timeout, maxOutputBytes, maxIntArg);
  }

  private static Map<String, List<String>> defaultAllowList() {
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("uptime", List.of("uptime"));
    commands.put("date", List.of("date"));
    commands.put("df", List.of("df", "-h"));
    commands.put("sleep", List.of("sleep", "{seconds}"));
    return java.util.Collections.unmodifiableMap(commands);
  }
}
