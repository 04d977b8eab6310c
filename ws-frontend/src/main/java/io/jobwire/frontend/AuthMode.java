package io.jobwire.frontend;

/**
 * How the front end decides who a connection is.
 *
 * <p>Only {@link #NONE} exists yet: every connection is anonymous ({@code user: null}). Token and
 * JWT modes plug into the same seam later.
 */
public enum AuthMode {
  /** No authentication: every connection is anonymous and may use every op. */
  NONE
}
