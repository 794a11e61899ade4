package org.xwgrid.worker.exec;

/**
 * How a task ended. {@code exitCode} is -1 when it did not start; {@code stderrTail} holds the
 * end of stderr for a failure, {@code error} says what went wrong in one line (null on success).
 * {@code outOfMemory}: killed for passing its memory limit. {@code cpuMs} (CPU time, user and
 * system) and {@code peakMemoryBytes} are -1 when the executor could not measure them.
 */
public record ExecOutcome(
    int exitCode,
    boolean timedOut,
    boolean aborted,
    long elapsedMs,
    String error,
    String stderrTail,
    boolean outOfMemory,
    long cpuMs,
    long peakMemoryBytes) {

  /** An outcome without usage figures. */
  public ExecOutcome(
      int exitCode, boolean timedOut, boolean aborted, long elapsedMs, String error, String stderrTail) {
    this(exitCode, timedOut, aborted, elapsedMs, error, stderrTail, false, -1, -1);
  }

  public boolean success() {
    return exitCode == 0 && !timedOut && !aborted && !outOfMemory && error == null;
  }
}
