package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs no engine: the modes of {@code docker.enabled} against an address where nothing answers. */
class DockerEngineTest {
  @TempDir Path tmp;

  private DockerSettings nowhere(DockerMode mode) {
    return DockerSettings.fromConfig(
            ConfigFactory.parseString("xwgrid.worker.docker.host = \"unix://" + tmp.resolve("no.sock") + "\"")
                .withFallback(ConfigFactory.defaultReference()))
        .withEnabled(mode);
  }

  @Test
  void shouldSayWhyTheEngineDoesNotAnswer() {
    try (DockerEngine e = DockerEngine.create(nowhere(DockerMode.AUTO), "w1")) {
      DockerUnavailableException x = assertThrows(DockerUnavailableException.class, e::probe);
      assertTrue(
          x.getMessage().startsWith("The Docker engine at unix://" + tmp.resolve("no.sock") + " does not answer: "),
          x.getMessage());
    }
  }

  @Test
  void shouldGoWithoutDockerWhenAutoAndNoEngineAnswers() throws DockerUnavailableException {
    assertEquals(Optional.empty(), DockerEngine.open(nowhere(DockerMode.AUTO), "w1"));
  }

  @Test
  void shouldRefuseToStartWhenRequiredAndNoEngineAnswers() {
    assertThrows(DockerUnavailableException.class, () -> DockerEngine.open(nowhere(DockerMode.REQUIRED), "w1"));
  }

  @Test
  void shouldNotTouchTheEngineWhenOff() throws DockerUnavailableException {
    assertEquals(Optional.empty(), DockerEngine.open(nowhere(DockerMode.OFF), "w1"));
  }

  @Test
  void shouldNeedAnOwner() {
    assertThrows(IllegalArgumentException.class, () -> DockerEngine.create(nowhere(DockerMode.AUTO), " "));
  }
}
