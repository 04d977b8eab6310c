package io.jobwire.launcher.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunsTest {
  @TempDir Path dir;

  private Path log(String name, String... lines) throws Exception {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  private static String started(String time, String job, String worker) {
    return time
        + " DEBUG [jobwire-worker-io] IoLoop - job="
        + job
        + " topic=ping worker="
        + worker
        + " attempt=1 started";
  }

  private static String done(String time, String job, String worker) {
    return time
        + " DEBUG [jobwire-worker-io] IoLoop - job="
        + job
        + " topic=ping worker="
        + worker
        + " done";
  }

  @Test
  void a_rerun_after_the_first_run_ended_is_a_rerun_not_an_overlap() throws Exception {
    var runs =
        JobRuns.read(
            List.of(
                log(
                    "p1.log",
                    started("10:00:00.000", "j-1", "p1"),
                    done("10:00:00.300", "j-1", "p1")),
                log(
                    "p2.log",
                    started("10:00:05.000", "j-1", "p2"),
                    done("10:00:05.300", "j-1", "p2"))));

    assertEquals(1, runs.jobs());
    assertEquals(1, runs.reruns());
    assertEquals(List.of(), runs.overlaps());
  }

  @Test
  void two_runs_of_one_job_at_the_same_time_are_reported() throws Exception {
    var runs =
        JobRuns.read(
            List.of(
                log(
                    "p1.log",
                    started("10:00:00.000", "j-1", "p1"),
                    done("10:00:06.000", "j-1", "p1")),
                log(
                    "p2.log",
                    started("10:00:05.000", "j-1", "p2"),
                    done("10:00:05.300", "j-1", "p2"))));

    assertEquals(1, runs.overlaps().size(), runs.overlaps().toString());
  }

  @Test
  void a_run_without_done_lasts_until_the_harness_killed_its_process() throws Exception {
    var runs =
        JobRuns.read(
            List.of(
                log(
                    "p1.log",
                    started("10:00:00.000", "j-1", "p1"),
                    "10:00:01.000 ===== [harness] p1 killed with SIGKILL (exit 137)"),
                log(
                    "p2.log",
                    started("10:00:04.000", "j-1", "p2"),
                    done("10:00:04.300", "j-1", "p2")),
                log("p3.log", started("10:00:04.100", "j-2", "p3"))));

    assertEquals(List.of(), runs.overlaps());
    assertEquals(List.of("j-2"), runs.unfinished().stream().map(JobRuns.Run::job).toList());
  }
}
