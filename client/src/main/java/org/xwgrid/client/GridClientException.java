package org.xwgrid.client;

import org.xwgrid.common.api.ClientApi.ErrorView;

/**
 * A call to the dispatcher failed: either it answered with an error status ({@link #status()} is
 * the HTTP status and {@link #serverMessage()} the message of its {@link ErrorView} body), or no
 * usable answer came at all ({@link #status()} is 0: connection refused, timeout, I/O error).
 *
 * <p>{@link #getMessage()} is one line meant for people, for example {@code unknown app 'pi' (HTTP
 * 404)} or {@code cannot connect to the dispatcher at http://127.0.0.1:8080 (connection refused)}.
 */
public final class GridClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final String serverMessage;

  public GridClientException(int status, String error, String serverMessage, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.error = error;
    this.serverMessage = serverMessage;
  }

  /** An error answer of the dispatcher. */
  public static GridClientException of(ErrorView view) {
    String text = view.message() != null && !view.message().isBlank() ? view.message() : view.error();
    if (text == null || text.isBlank()) {
      text = "the dispatcher answered with an error";
    }
    return new GridClientException(
        view.status(), view.error(), view.message(), text + " (HTTP " + view.status() + ")", null);
  }

  /** No usable answer: the request did not reach the dispatcher, or its answer was unreadable. */
  public static GridClientException noAnswer(String message, Throwable cause) {
    return new GridClientException(0, null, null, message, cause);
  }

  /** The HTTP status of the error answer, or 0 if there was none. */
  public int status() {
    return status;
  }

  /** The {@code error} field of the server's {@link ErrorView} (e.g. "Not Found"), or null. */
  public String error() {
    return error;
  }

  /** The {@code message} field of the server's {@link ErrorView}, or null. */
  public String serverMessage() {
    return serverMessage;
  }

  /**
   * True when trying again later may succeed: no answer came, or the dispatcher was unavailable
   * (502, 503, 504).
   */
  public boolean isTransient() {
    return status == 0 || status == 502 || status == 503 || status == 504;
  }
}
