package io.jobwire.workers;

import io.jobwire.worker.JobContext;
import io.jobwire.worker.JobFailure;
import io.jobwire.worker.JobHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code command}: runs one command from the {@link CommandConfig} allow-list and returns {@code
 * {exit, stdout, stderr, millis, truncated}}.
 *
 * <p>Params: {@code name} (an allowed name) plus the integer params its argv template names, e.g.
 * {@code {"name":"sleep","seconds":2}}. No shell is involved: the argv goes to {@link
 * ProcessBuilder} as is. A name not on the list fails with {@code forbidden} (no retry). A command
 * that outlives its timeout, or whose job is cancelled or passes its deadline, is killed together
 * with its descendants.
 */
public final class CommandHandler implements JobHandler {
  public static final String TOPIC = "command";

  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
  private static final long KILL_GRACE_MILLIS = 500;
  private static final long OUTPUT_DRAIN_MILLIS = 1000;

  private final CommandConfig config;
  private final Clock clock;

  public CommandHandler(CommandConfig config) {
    this(config, Clock.systemUTC());
  }

  public CommandHandler(CommandConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Object handle(JobContext job) throws InterruptedException {
    String name = job.param("name", (String) null);
    if (name == null) {
      throw JobFailure.permanent(
          "bad_request", "param 'name' is required, one of " + config.allowList().keySet());
    }
    List<String> template = config.allowList().get(name);
    if (template == null) {
      throw JobFailure.permanent(
          "forbidden",
          "command '" + name + "' is not on the allow-list " + config.allowList().keySet());
    }
    List<String> argv = expand(template, job);
    Duration timeout = timeout(job);
    long started = System.nanoTime();
    Process process = start(argv, name);
    try {
      var stdout =
          new BoundedOutput(process.getInputStream(), config.maxOutputBytes(), "command-stdout");
      var stderr =
          new BoundedOutput(process.getErrorStream(), config.maxOutputBytes(), "command-stderr");
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill(process);
        throw JobFailure.permanent(
            "timeout",
            "command '" + name + "' ran longer than " + timeout.toMillis() + " ms and was killed");
      }
      stdout.await(OUTPUT_DRAIN_MILLIS);
      stderr.await(OUTPUT_DRAIN_MILLIS);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("exit", process.exitValue());
      result.put("stdout", stdout.text());
      result.put("stderr", stderr.text());
      result.put("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      result.put("truncated", stdout.truncated() || stderr.truncated());
      return result;
    } finally {
      if (process.isAlive()) { // cancelled, past the deadline, or the worker is stopping
        log.info(
            "job={} topic={} killing command '{}' pid={}",
            job.id(),
            job.topic(),
            name,
            process.pid());
        kill(process);
      }
    }
  }

  private List<String> expand(List<String> template, JobContext job) {
    List<String> argv = new ArrayList<>(template.size());
    for (String element : template) {
      Matcher placeholder = CommandConfig.PLACEHOLDER.matcher(element);
      if (placeholder.matches()) {
        String param = placeholder.group(1);
        int value = job.param(param, -1, -1, config.maxIntArg());
        if (value < 0) {
          throw JobFailure.permanent(
              "bad_request", "param '" + param + "' (0.." + config.maxIntArg() + ") is required");
        }
        argv.add(Integer.toString(value));
      } else {
        argv.add(element);
      }
    }
    return argv;
  }

  /** The configured timeout, cut to what is left before the job's deadline. */
  private Duration timeout(JobContext job) {
    Duration timeout = config.timeout();
    if (job.deadline().isPresent()) {
      Duration left = Duration.between(clock.instant(), job.deadline().get());
      if (left.compareTo(timeout) < 0) {
        timeout = left.isNegative() ? Duration.ZERO : left;
      }
    }
    return timeout;
  }

  private static Process start(List<String> argv, String name) {
    try {
      Process process = new ProcessBuilder(argv).start();
      process.getOutputStream().close(); // no stdin: a command waiting for input ends at once
      return process;
    } catch (IOException e) {
      // Perhaps not installed on this host; another worker may have it.
      throw new JobFailure(
          "unavailable", "cannot run command '" + name + "': " + e.getMessage(), true, e);
    }
  }

  /** SIGTERM to the process and its descendants, then SIGKILL to whatever is left. */
  static void kill(Process process) {
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    family.add(process.toHandle());
    family.forEach(ProcessHandle::destroy);
    boolean interrupted = Thread.interrupted(); // still give the family its grace period
    try {
      process.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
