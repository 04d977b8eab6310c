package io.jobwire.launcher.cli;

import java.util.Map;

/**
 * What the example workers' topics take and give ({@code jobwire workers}, {@code demo}): shown by
 * {@code jobwire topics} and the README. Workers announce topic names only, so other topics show no
 * description.
 */
public final class ExampleTopics {
  private ExampleTopics() {}

  public static final Map<String, String> TAKES =
      Map.of(
          "ping",
          "{\"count\": 3 (0..1000), \"interval_ms\": 1000 (0..60000)}: progress {\"tick\": n},"
              + " result {\"ticks\": count}",
          "count",
          "{\"n\": 3 (0..100000), \"interval_ms\": 200}: progress {\"i\": k}, result {\"n\": n}",
          "command",
          "{\"name\": \"uptime\"|\"date\"|\"df\"|\"sleep\", \"seconds\": N (sleep only)}: result"
              + " {\"exit\", \"stdout\", \"stderr\", \"millis\", \"truncated\"}",
          "upper",
          "{\"text\": \"abc\"}: result {\"text\": \"ABC\"}",
          "sysinfo",
          "no params: result host, processors, load, JVM and OS memory, uptime",
          "fail",
          "{\"retry\": true, \"succeed_on\": N}: fails with code requested (attempt N succeeds)");
}
