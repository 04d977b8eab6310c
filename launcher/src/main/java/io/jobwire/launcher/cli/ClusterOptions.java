package io.jobwire.launcher.cli;

import io.jobwire.frontend.ClusterConfig;
import io.jobwire.frontend.FrontendConfig;
import picocli.CommandLine.Option;

/** How {@code jobwire frontend} works next to other front ends on the same Redis. */
public final class ClusterOptions {

  @Option(
      names = "--id",
      defaultValue = "${env:JOBWIRE_FRONTEND_ID}",
      paramLabel = "ID",
      description =
          "This front end's id, unique among the front ends on one Redis; it is every job's"
              + " route.fe and names the front end in `jobwire status` (env JOBWIRE_FRONTEND_ID;"
              + " default: a random fe-...).")
  String id;

  @Option(
      names = "--history",
      defaultValue = "${env:JOBWIRE_HISTORY:-redis}",
      paramLabel = "STORE",
      description =
          "Where subscription state and resume history live: redis (a client may resume on any"
              + " front end) or memory (only on this one; a single node, benchmarks)"
              + " (env JOBWIRE_HISTORY; default ${DEFAULT-VALUE}).")
  ClusterConfig.History history;

  /** {@code config} with this front end's id and its place among the others on {@code redis}. */
  public FrontendConfig apply(FrontendConfig config, String redisUri) {
    FrontendConfig.Builder builder =
        config.toBuilder()
            .cluster(new ClusterConfig(redisUri, ClusterConfig.DEFAULT_NAMESPACE, history));
    if (id != null && !id.isBlank()) {
      builder.frontendId(id);
    }
    return builder.build();
  }
}
