package org.xwgrid.worker.exec.docker;

import com.github.dockerjava.api.exception.DockerException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One-line reasons from docker-java's exceptions, for outcomes and logs. */
final class DockerErrors {
  private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private DockerErrors() {}

  /**
   * The engine's own message for an HTTP error ({@code No such image: x}), else the deepest
   * cause's message (a socket that is missing or refused).
   */
  static String reason(Throwable e) {
    if (e instanceof DockerException) {
      String m = String.valueOf(e.getMessage());
      Matcher j = MESSAGE.matcher(m);
      String text = j.find() ? j.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : m.strip();
      return text + " (HTTP " + ((DockerException) e).getHttpStatus() + ")";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null || m.isBlank() ? root.getClass().getSimpleName() : m.strip();
  }
}
