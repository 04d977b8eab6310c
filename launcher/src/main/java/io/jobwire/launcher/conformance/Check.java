package io.jobwire.launcher.conformance;

/**
 * One behaviour of the worker protocol and how to see it.
 *
 * @param name short name for the table
 * @param what what the worker must do
 * @param step drives the worker and returns the evidence, or throws {@link NotConformant}
 */
record Check(String name, String what, Step step) {

  /** The body of a check. */
  @FunctionalInterface
  interface Step {
    String run(Session session) throws Exception;
  }
}
