package org.xwgrid.worker.net;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The dispatcher answered with an error status (4xx/5xx): the HTTP status and what its {@code
 * ErrorView} body said. Connection failures and timeouts stay {@link IOException}s.
 */
public final class DispatcherException extends RuntimeException {
  private final int status;
  private final String error;

  public DispatcherException(int status, String error, String message) {
    super("HTTP " + status + (error == null || error.isEmpty() ? "" : " " + error) + ": " + message);
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  /** The short error code of the ErrorView ({@code "not-found"}, ...), or null. */
  public String error() {
    return error;
  }

  /** The cause of a failed stage, without the CompletionException/ExecutionException wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /** The HTTP status of a failure, or 0 when the dispatcher did not answer with one. */
  public static int statusOf(Throwable t) {
    return unwrap(t) instanceof DispatcherException d ? d.status : 0;
  }

  /**
   * A failure worth retrying as is: the dispatcher could not be reached, timed out, or answered
   * 5xx, 408 or 429.
   */
  public static boolean isTransient(Throwable t) {
    Throwable c = unwrap(t);
    if (c instanceof DispatcherException d) {
      return d.status >= 500 || d.status == 408 || d.status == 429;
    }
    return c instanceof IOException || c instanceof HttpTimeoutException;
  }

  /** 401 or 404 on a worker endpoint: the dispatcher does not know this worker (any more). */
  public static boolean isUnknownWorker(Throwable t) {
    int s = statusOf(t);
    return s == 401 || s == 404;
  }
}
