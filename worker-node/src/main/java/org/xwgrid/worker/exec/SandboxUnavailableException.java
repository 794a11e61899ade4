package org.xwgrid.worker.exec;

/** {@code --sandbox bwrap} was asked for but bubblewrap is missing or does not work here. */
public final class SandboxUnavailableException extends Exception {
  public SandboxUnavailableException(String message) {
    super(message);
  }
}
