package io.jobwire.launcher.conformance;

import java.util.List;

/** The outcome of every behaviour, and the table the command prints. */
public record Report(List<Outcome> outcomes, String workerLog) {

  /** At least one behaviour passed and none failed (a check that cannot run here is skipped). */
  public boolean passed() {
    return outcomes.stream().anyMatch(Outcome::passed)
        && outcomes.stream().noneMatch(o -> o.status() == Outcome.Status.FAIL);
  }

  public String table() {
    int width = outcomes.stream().mapToInt(o -> o.name().length()).max().orElse(9);
    var out = new StringBuilder();
    String row = "%-" + width + "s  %-4s  %6s  %s%n";
    out.append(String.format(row, "behaviour", "    ", "time", "what was seen"));
    for (Outcome o : outcomes) {
      out.append(
          String.format(
              row, o.name(), o.status(), String.format("%.1fs", o.millis() / 1000.0), o.detail()));
      if (o.status() == Outcome.Status.FAIL) {
        out.append(String.format(row, "", "", "", "the worker must: " + o.what()));
      }
    }
    long passed = outcomes.stream().filter(Outcome::passed).count();
    out.append(String.format("%n%d of %d behaviours pass", passed, outcomes.size()));
    if (workerLog != null) {
      out.append("; worker log: ").append(workerLog);
    }
    return out.append(System.lineSeparator()).toString();
  }
}
