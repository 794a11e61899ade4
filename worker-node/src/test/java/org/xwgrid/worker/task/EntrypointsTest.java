package org.xwgrid.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntrypointsTest {
  private final Path app = Path.of("/opt/xw/apps/abc");

  @Test
  void shouldReplaceAppInEveryElementAndAppendArgs() {
    List<String> c =
        Entrypoints.command(
            List.of("java", "-cp", "{app}/lib/*:{app}/classes", "Main"),
            app,
            List.of("--n=3", "{app}"));
    assertEquals(
        List.of("java", "-cp", "/opt/xw/apps/abc/lib/*:/opt/xw/apps/abc/classes", "Main", "--n=3", "{app}"),
        c);
  }

  @Test
  void shouldRunTheAppFileItself() {
    assertEquals(
        List.of("/opt/xw/apps/abc/run.sh", "a b"),
        Entrypoints.command(List.of("{app}/run.sh"), app, List.of("a b")));
  }

  @Test
  void shouldUseTheAbsoluteNormalizedAppPath() {
    Path relative = Path.of("x/../apps/abc");
    String expected = relative.toAbsolutePath().normalize() + "/run";
    assertEquals(List.of(expected), Entrypoints.command(List.of("{app}/run"), relative, null));
  }

  @Test
  void shouldRejectAnEmptyEntrypoint() {
    assertThrows(IllegalArgumentException.class, () -> Entrypoints.command(List.of(), app, List.of()));
    assertThrows(IllegalArgumentException.class, () -> Entrypoints.command(null, app, List.of()));
  }
}
