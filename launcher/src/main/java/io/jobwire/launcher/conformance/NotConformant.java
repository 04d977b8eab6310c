package io.jobwire.launcher.conformance;

/** A check saw the worker break the protocol; the message says how. */
final class NotConformant extends Exception {
  private static final long serialVersionUID = 1L;

  NotConformant(String message) {
    super(message);
  }

  static void expect(boolean holds, String otherwise) throws NotConformant {
    if (!holds) {
      throw new NotConformant(otherwise);
    }
  }
}
