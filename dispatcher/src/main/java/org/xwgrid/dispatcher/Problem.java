package org.xwgrid.dispatcher;

/**
 * A request the dispatcher refuses, with the HTTP status the gateway answers. Thrown at the edge
 * and carried in replies of entities; never for bugs (those are 500s).
 */
public final class Problem extends RuntimeException {
  private final int status;

  public Problem(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /**
   * This problem as an error reply of an entity: a plain "STATUS message" text, which crosses
   * cluster nodes (exceptions do not), turned back into a Problem by {@link #of(Throwable)}.
   */
  public <T> org.apache.pekko.pattern.StatusReply<T> asReply() {
    return org.apache.pekko.pattern.StatusReply.error(status + " " + getMessage());
  }

  /** The Problem an error reply carried, or null when the failure was not one. */
  public static Problem of(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof Problem p) {
      return p;
    }
    String m = t.getMessage();
    if (t instanceof org.apache.pekko.pattern.StatusReply.ErrorMessage
        && m != null
        && m.length() > 4
        && m.charAt(3) == ' '
        && Character.isDigit(m.charAt(0))) {
      try {
        return new Problem(Integer.parseInt(m.substring(0, 3)), m.substring(4));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  public static Problem badRequest(String message) {
    return new Problem(400, message);
  }

  public static Problem unauthorized(String message) {
    return new Problem(401, message);
  }

  public static Problem forbidden(String message) {
    return new Problem(403, message);
  }

  public static Problem notFound(String message) {
    return new Problem(404, message);
  }

  public static Problem conflict(String message) {
    return new Problem(409, message);
  }
}
