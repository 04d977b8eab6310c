package io.jobwire.launcher.conformance;

/** A check saw the worker break the protocol; the message says how. */
class NotConformant extends Exception {
  private static final long serialVersionUID = 1L;

  NotConformant(String message) {
    super(message);
  }

  /** The check cannot run here (the worker was started by hand, say); not a failure. */
  static final class Skipped extends NotConformant {
    private static final long serialVersionUID = 1L;

    Skipped(String why) {
      super(why);
    }
  }

  static void expect(boolean holds, String otherwise) throws NotConformant {
    if (!holds) {
      throw new NotConformant(otherwise);
    }
  }
}
