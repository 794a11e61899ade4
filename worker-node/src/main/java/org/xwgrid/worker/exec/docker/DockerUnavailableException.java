package org.xwgrid.worker.exec.docker;

/** The Docker engine does not answer, or answers in a way this worker cannot use; the message says why. */
public final class DockerUnavailableException extends Exception {
  public DockerUnavailableException(String message) {
    super(message);
  }

  public DockerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
