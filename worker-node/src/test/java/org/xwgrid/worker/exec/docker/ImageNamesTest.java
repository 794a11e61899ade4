package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageNamesTest {
  private static final String ID = "sha256:0123abcd";

  @Test
  void shouldMatchTheSameNameWithDockerHubDefaults() {
    assertTrue(ImageNames.matches("busybox", ID, List.of("busybox:latest")));
    assertTrue(ImageNames.matches("docker.io/library/busybox:1", ID, List.of("busybox:1")));
    assertTrue(ImageNames.matches("local/app:2", ID, List.of("other:1", "local/app:2")));
    assertTrue(ImageNames.matches("reg:5000/app", ID, List.of("reg:5000/app:latest")));
  }

  @Test
  void shouldMatchTheIdItself() {
    assertTrue(ImageNames.matches(ID, ID, List.of()));
    assertTrue(ImageNames.matches("0123abcd", ID, null));
  }

  @Test
  void shouldNotMatchAnIdPrefixOrAnotherTag() {
    assertFalse(ImageNames.matches("0123", ID, List.of("local/app:2")), "the engine accepts id prefixes; a task must name its image");
    assertFalse(ImageNames.matches("local/app:3", ID, List.of("local/app:2")));
    assertFalse(ImageNames.matches("local/app", ID, List.of("local/app:2")));
  }

  @Test
  void shouldNormaliseNames() {
    assertEquals("busybox:latest", ImageNames.normalise("docker.io/library/busybox"));
    assertEquals("reg:5000/a/b:latest", ImageNames.normalise("reg:5000/a/b"));
    assertEquals("a@sha256:ff", ImageNames.normalise("a@sha256:ff"));
  }
}
