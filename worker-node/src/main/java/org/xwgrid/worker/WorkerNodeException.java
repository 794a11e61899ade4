package org.xwgrid.worker;

/** The worker node cannot start or had to stop; the message is one line meant for the user. */
public final class WorkerNodeException extends Exception {
  public WorkerNodeException(String message) {
    super(message);
  }

  public WorkerNodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
