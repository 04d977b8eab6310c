package io.jobwire.frontend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The front end's packages point one way (see their package-info): read from the sources' imports,
 * the graph of {@code io.jobwire.frontend.internal.*} packages has no cycle, and none of them
 * imports the composition root.
 */
class PackageCyclesTest {
  private static final String INTERNAL = "io.jobwire.frontend.internal";
  private static final Path SOURCES = Path.of("src/main/java/io/jobwire/frontend/internal");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?(io\\.jobwire\\.frontend\\.internal[\\w.]*)\\.\\w+;", 8);

  @Test
  void the_internal_packages_have_no_cycle() {
    Map<String, Set<String>> uses = uses();
    List<String> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      List<String> path = cycleFrom(start, start, uses, new ArrayList<>(List.of(start)));
      if (path != null) {
        cycles.add(String.join(" -> ", path));
      }
    }
    assertEquals(List.of(), cycles);
  }

  @Test
  void no_package_depends_on_the_composition_root() {
    List<String> offenders = new ArrayList<>();
    uses()
        .forEach(
            (pkg, used) -> {
              if (!pkg.equals(INTERNAL) && used.contains(INTERNAL)) {
                offenders.add(pkg);
              }
            });
    assertEquals(List.of(), offenders);
  }

  private static List<String> cycleFrom(
      String start, String at, Map<String, Set<String>> uses, List<String> path) {
    for (String next : uses.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (!path.contains(next) && next.compareTo(start) > 0) { // each cycle once, from its least
        path.add(next);
        List<String> found = cycleFrom(start, next, uses, path);
        if (found != null) {
          return found;
        }
        path.removeLast();
      }
    }
    return null;
  }

  /** Each internal package and the other internal packages its sources import. */
  private static Map<String, Set<String>> uses() {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg =
            INTERNAL
                + (file.getParent().equals(SOURCES)
                    ? ""
                    : "." + SOURCES.relativize(file.getParent()).toString().replace('/', '.'));
        Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher imports = IMPORT.matcher(Files.readString(file));
        while (imports.find()) {
          if (!imports.group(1).equals(pkg)) {
            used.add(imports.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return uses;
  }
}
