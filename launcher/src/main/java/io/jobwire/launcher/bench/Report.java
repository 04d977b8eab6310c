package io.jobwire.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a scenario measured: named figures with units, printed as a table for people or as one JSON
 * object ({@code --json}) for machines.
 */
final class Report {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  private final String scenario;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final List<Figure> figures = new ArrayList<>();

  record Figure(String name, double value, String unit) {}

  Report(String scenario) {
    this.scenario = scenario;
  }

  /** A setting the figures depend on (rate, duration, connections...), shown above the table. */
  Report setting(String name, Object value) {
    settings.put(name, String.valueOf(value));
    return this;
  }

  Report figure(String name, double value, String unit) {
    figures.add(new Figure(name, value, unit));
    return this;
  }

  /** p50, p90, p99, p99.9 and max of a histogram of nanoseconds, in milliseconds. */
  Report latencies(String name, Histogram nanos) {
    for (double p : PERCENTILES) {
      String label = p == Math.rint(p) ? "p" + (int) p : "p" + p;
      figure(name + " " + label, nanos.getValueAtPercentile(p) / 1e6, "ms");
    }
    figure(name + " max", nanos.getMaxValue() / 1e6, "ms");
    figure(name + " count", nanos.getTotalCount(), "");
    return this;
  }

  /** p50 and p99 only, in milliseconds: for the parts a latency splits into. */
  Report brief(String name, Histogram nanos) {
    figure(name + " p50", nanos.getValueAtPercentile(50) / 1e6, "ms");
    figure(name + " p99", nanos.getValueAtPercentile(99) / 1e6, "ms");
    return this;
  }

  List<Figure> figures() {
    return List.copyOf(figures);
  }

  /** The value of the figure called {@code name}, or NaN. */
  double value(String name) {
    return figures.stream()
        .filter(f -> f.name.equals(name))
        .mapToDouble(Figure::value)
        .findFirst()
        .orElse(Double.NaN);
  }

  void print(PrintWriter out, boolean json) {
    if (json) {
      ObjectNode root = JSON.createObjectNode().put("scenario", scenario);
      ObjectNode set = root.putObject("settings");
      settings.forEach(set::put);
      ObjectNode values = root.putObject("figures");
      for (Figure f : figures) {
        values.putObject(f.name).put("value", f.value).put("unit", f.unit);
      }
      out.println(root);
      out.flush();
      return;
    }
    String layout =
        settings.containsKey("layout") ? " (" + settings.get("layout") + " layout)" : "";
    out.println("bench " + scenario + layout + (settings.isEmpty() ? "" : "  " + settingsLine()));
    int width = figures.stream().mapToInt(f -> f.name.length()).max().orElse(10);
    for (Figure f : figures) {
      out.printf("  %-" + width + "s  %14s %s%n", f.name, format(f.value), f.unit);
    }
    out.flush();
  }

  private String settingsLine() {
    var parts = new ArrayList<String>();
    settings.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(" ", parts);
  }

  private static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format("%,d", (long) value);
    }
    return Math.abs(value) >= 100 ? String.format("%,.0f", value) : String.format("%.3f", value);
  }
}
