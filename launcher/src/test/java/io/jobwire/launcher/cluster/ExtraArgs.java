package io.jobwire.launcher.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Flags added to every process of one role, after the ones {@link LocalCluster} sets (picocli takes
 * the last value of a repeated single-valued flag): CURVE keys, TLS files, limits.
 */
public record ExtraArgs(List<String> frontends, List<String> brokers, List<String> workers) {
  public ExtraArgs {
    frontends = List.copyOf(frontends);
    brokers = List.copyOf(brokers);
    workers = List.copyOf(workers);
  }

  public static ExtraArgs none() {
    return new ExtraArgs(List.of(), List.of(), List.of());
  }

  public ExtraArgs frontends(String... args) {
    return new ExtraArgs(plus(frontends, args), brokers, workers);
  }

  public ExtraArgs brokers(String... args) {
    return new ExtraArgs(frontends, plus(brokers, args), workers);
  }

  public ExtraArgs workers(String... args) {
    return new ExtraArgs(frontends, brokers, plus(workers, args));
  }

  /** Both sets of flags, each role's one after the other. */
  public ExtraArgs and(ExtraArgs more) {
    return new ExtraArgs(
        concat(frontends, more.frontends),
        concat(brokers, more.brokers),
        concat(workers, more.workers));
  }

  private static List<String> plus(List<String> list, String... args) {
    return concat(list, List.of(args));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return new ArrayList<>(Stream.concat(a.stream(), b.stream()).toList());
  }
}
