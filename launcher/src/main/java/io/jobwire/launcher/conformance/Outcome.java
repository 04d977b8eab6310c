package io.jobwire.launcher.conformance;

/**
 * How one behaviour went.
 *
 * @param name the behaviour's short name, as in the report's table
 * @param what what the worker must do, in one line
 * @param status pass, fail, or skip (an earlier failure made it meaningless)
 * @param detail what was seen: evidence on a pass, the first broken expectation on a failure
 * @param millis how long the check took
 */
public record Outcome(String name, String what, Status status, String detail, long millis) {

  /** The verdict. */
  public enum Status {
    PASS,
    FAIL,
    SKIP
  }

  public boolean passed() {
    return status == Status.PASS;
  }
}
