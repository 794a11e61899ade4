package org.xwgrid.worker.exec;

/**
 * How a process ended. {@code exitCode} is -1 when it did not start; {@code stderrTail} holds the
 * end of stderr for a failure, {@code error} says what went wrong in one line (null on success).
 */
public record ExecOutcome(
    int exitCode, boolean timedOut, boolean aborted, long elapsedMs, String error, String stderrTail) {

  public boolean success() {
    return exitCode == 0 && !timedOut && !aborted && error == null;
  }
}
