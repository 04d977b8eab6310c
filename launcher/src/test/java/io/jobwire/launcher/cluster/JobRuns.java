package io.jobwire.launcher.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every run of every job, read from worker pools' logs at {@code --log-level debug}, where the
 * worker SDK writes {@code job=J topic=T worker=W attempt=N started} when it hands a job to its
 * handler and {@code job=J topic=T worker=W done} after the result was pushed. Tells whether two
 * runs of one job overlapped in time: the one thing a job queue must never do.
 */
public final class JobRuns {
  private static final Pattern STARTED =
      Pattern.compile(
          "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* job=(\\S+) topic=\\S+ worker=(\\S+) attempt=\\d+"
              + " started$");
  private static final Pattern DONE =
      Pattern.compile(
          "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* job=(\\S+) topic=\\S+ worker=(\\S+) done$");

  /** A line the harness wrote into the log: the process was killed or stopped then. */
  private static final Pattern ENDED =
      Pattern.compile(
          "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ===== \\[harness\\] \\S+ (killed|stopped).*");

  /**
   * One run; {@code end} is when it logged {@code done}, or when the harness killed or stopped its
   * process, or null when neither happened (it failed, or is still going).
   */
  public record Run(String job, String worker, LocalTime start, LocalTime end) {
    boolean overlaps(Run later) {
      return end == null || end.isAfter(later.start);
    }
  }

  private final Map<String, List<Run>> byJob = new HashMap<>();

  private JobRuns() {}

  /** Reads the logs; each line's time is the wall clock of this machine, shared by every node. */
  public static JobRuns read(Collection<Path> logs) {
    var runs = new JobRuns();
    for (Path log : logs) {
      try {
        runs.parse(Files.readAllLines(log, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    runs.byJob.values().forEach(list -> list.sort(Comparator.comparing(Run::start)));
    return runs;
  }

  private void parse(List<String> lines) {
    Map<String, Run> open = new HashMap<>(); // worker/job -> its run still going
    for (String line : lines) {
      Matcher started = STARTED.matcher(line);
      Matcher done = DONE.matcher(line);
      Matcher ended = ENDED.matcher(line);
      if (ended.matches()) {
        LocalTime at = LocalTime.parse(ended.group(1));
        open.values().forEach(r -> add(new Run(r.job(), r.worker(), r.start(), at)));
        open.clear();
      } else if (started.matches()) {
        String key = started.group(3) + "/" + started.group(2);
        open.put(
            key,
            new Run(started.group(2), started.group(3), LocalTime.parse(started.group(1)), null));
      } else if (done.matches()) {
        Run run = open.remove(done.group(3) + "/" + done.group(2));
        if (run != null) {
          add(new Run(run.job(), run.worker(), run.start(), LocalTime.parse(done.group(1))));
        }
      }
    }
    open.values().forEach(this::add);
  }

  private void add(Run run) {
    byJob.computeIfAbsent(run.job(), k -> new ArrayList<>()).add(run);
  }

  /** Runs of this job, oldest first (empty when no log saw it). */
  public List<Run> of(String job) {
    return byJob.getOrDefault(job, List.of());
  }

  /** Jobs that some worker started. */
  public int jobs() {
    return byJob.size();
  }

  /** Runs beyond the first of each job: work done again after a crash. */
  public int reruns() {
    return byJob.values().stream().mapToInt(runs -> runs.size() - 1).sum();
  }

  /** Runs that never logged {@code done} and whose process was not killed or stopped. */
  public List<Run> unfinished() {
    return byJob.values().stream().flatMap(List::stream).filter(r -> r.end() == null).toList();
  }

  /** Pairs of runs of one job that were going at the same time, as readable lines. */
  public List<String> overlaps() {
    List<String> found = new ArrayList<>();
    for (List<Run> runs : byJob.values()) {
      for (int i = 0; i < runs.size(); i++) {
        for (int j = i + 1; j < runs.size(); j++) {
          if (runs.get(i).overlaps(runs.get(j))) {
            found.add(runs.get(i) + " overlaps " + runs.get(j));
          }
        }
      }
    }
    return found;
  }
}
