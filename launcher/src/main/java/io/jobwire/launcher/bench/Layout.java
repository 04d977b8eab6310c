package io.jobwire.launcher.bench;

import java.util.Arrays;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a scenario runs the parts it measures; every figure names it. */
enum Layout {
  /**
   * What users deploy: Redis, the broker, the front end ({@code --history redis}) and the worker
   * each in a process of its own, started the way {@code scripts/jobwire broker|frontend|workers}
   * starts them; the bench's client in the bench's process.
   */
  PRODUCTION("production"),

  /** Broker, front end (history in memory), worker and client in the bench's one JVM. */
  IN_PROCESS("in-process");

  private final String label;

  Layout(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** {@code --layout production|in-process}. */
  static final class Converter implements ITypeConverter<Layout> {
    @Override
    public Layout convert(String value) {
      return Arrays.stream(values())
          .filter(layout -> layout.label.equalsIgnoreCase(value.trim()))
          .findFirst()
          .orElseThrow(
              () -> new TypeConversionException("production or in-process, got '" + value + "'"));
    }
  }
}
