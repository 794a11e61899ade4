package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {
  @Test
  void shouldGiveTheEnginesMessageForAnHttpError() {
    assertEquals(
        "No such image: \"x\" (HTTP 404)",
        DockerErrors.reason(new NotFoundException("Status 404: {\"message\":\"No such image: \\\"x\\\"\"}\n")));
  }

  @Test
  void shouldGiveTheDeepestCauseOtherwise() {
    assertEquals(
        "[2] No such file or directory",
        DockerErrors.reason(new RuntimeException(new IOException(new IOException("[2] No such file or directory")))));
    assertEquals("IllegalStateException", DockerErrors.reason(new IllegalStateException()));
  }
}
