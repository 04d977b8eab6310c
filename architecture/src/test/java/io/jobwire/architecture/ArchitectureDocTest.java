package io.jobwire.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md opens with the module map and the package map; this test keeps them true to
 * the tree. A new package, a moved one or a new module fails here until the map says what it owns
 * and which thread runs it.
 */
class ArchitectureDocTest {

  private static final Path ROOT = repositoryRoot();
  private static final Path DOC = ROOT.resolve("docs/architecture.md");

  /** A table row whose first cell is a package in backticks: {@code | `io.jobwire.x` | ...}. */
  private static final Pattern PACKAGE_ROW =
      Pattern.compile("^\\|\\s*`(io\\.jobwire[\\w.]*)`\\s*\\|");

  /** A module map row: {@code | `dir` | `artifact` | ...}. */
  private static final Pattern MODULE_ROW =
      Pattern.compile("^\\|\\s*`([\\w-]+)`\\s*\\|\\s*`([\\w-]+)`\\s*\\|");

  private static final Pattern POM_MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern POM_ARTIFACT =
      Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");

  @Test
  void every_main_package_in_the_tree_is_in_the_package_map() throws IOException {
    Set<String> missing = new TreeSet<>(mainPackages());
    missing.removeAll(section("## Package map", PACKAGE_ROW).keySet());
    assertTrue(
        missing.isEmpty(),
        "docs/architecture.md's package map lacks "
            + missing
            + ": add a row each (what it owns, which thread runs it)");
  }

  @Test
  void every_package_in_the_package_map_exists() throws IOException {
    Set<String> stale = new TreeSet<>(section("## Package map", PACKAGE_ROW).keySet());
    stale.removeAll(mainPackages());
    assertTrue(
        stale.isEmpty(),
        "docs/architecture.md's package map names " + stale + ", which no main source holds");
  }

  @Test
  void module_map_lists_every_module_of_the_build_with_its_artifact() throws IOException {
    Map<String, String> built = new LinkedHashMap<>();
    Matcher modules = POM_MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
    while (modules.find()) {
      String module = modules.group(1).trim();
      Matcher artifact =
          POM_ARTIFACT.matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
      assertTrue(artifact.find(), module + "/pom.xml has no artifactId after its parent");
      built.put(module, artifact.group(1));
    }
    assertEquals(
        new TreeSet<>(built.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()),
        new TreeSet<>(
            section("## Module map", MODULE_ROW).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .toList()),
        "docs/architecture.md's module map (module, artifact) against the parent pom's modules");
  }

  @Test
  void every_main_package_says_what_it_owns_in_a_package_info() throws IOException {
    Set<String> without = new TreeSet<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          files
              .filter(f -> f.toString().endsWith(".java"))
              .map(Path::getParent)
              .distinct()
              .filter(dir -> !Files.isRegularFile(dir.resolve("package-info.java")))
              .forEach(dir -> without.add(ROOT.relativize(dir).toString()));
        }
      }
    }
    assertTrue(
        without.isEmpty(),
        "these packages have no package-info.java (what the package owns, which thread runs it):"
            + " "
            + without);
  }

  /** Rows of the table under {@code heading}, up to the next heading: first cell to second. */
  private static Map<String, String> section(String heading, Pattern row) throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int start = lines.indexOf(heading);
    assertTrue(start >= 0, "docs/architecture.md has no heading '" + heading + "'");
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      Matcher m = row.matcher(line);
      if (m.find()) {
        rows.put(m.group(1), m.groupCount() > 1 ? m.group(2) : "");
      }
    }
    assertTrue(!rows.isEmpty(), "docs/architecture.md has no table under '" + heading + "'");
    return rows;
  }

  /** Every package that holds a main Java source, in any module. */
  private static Set<String> mainPackages() throws IOException {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          files
              .filter(f -> f.toString().endsWith(".java"))
              .map(f -> main.relativize(f.getParent()).toString().replace('/', '.'))
              .forEach(packages::add);
        }
      }
    }
    return packages;
  }

  /** The surefire working directory is the module's; the repository is the one with docs/. */
  private static Path repositoryRoot() {
    List<Path> tried = new ArrayList<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/architecture.md"))) {
        return dir;
      }
      tried.add(dir);
    }
    throw new IllegalStateException("no docs/architecture.md in " + tried);
  }
}
