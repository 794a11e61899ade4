package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DockerSettingsTest {
  private static final Config REFERENCE = ConfigFactory.defaultReference();

  private static DockerSettings with(String hocon) {
    return DockerSettings.fromConfig(ConfigFactory.parseString(hocon).withFallback(REFERENCE).resolve());
  }

  @Test
  void shouldReadEveryKeyOfItsBlockInTheReferenceConf() {
    Set<String> defined = new TreeSet<>();
    REFERENCE.getConfig(DockerSettings.PATH).entrySet().forEach(e -> defined.add("docker." + e.getKey()));
    assertEquals(defined, DockerSettings.keysRead(REFERENCE));
  }

  @Test
  void shouldHaveTheDocumentedDefaults() {
    DockerSettings s = DockerSettings.fromConfig(REFERENCE);
    assertEquals(DockerMode.AUTO, s.enabled());
    assertEquals("", s.host());
    assertEquals("65534:65534", s.user());
    assertEquals(64L << 20, s.tmpSizeBytes());
    assertEquals("org.xwgrid", s.label());
    assertEquals("org.xwgrid.owner", s.ownerLabel());
    assertEquals("org.xwgrid.replica", s.replicaLabel());
    assertEquals(Duration.ofSeconds(5), s.connectTimeout());
    assertEquals(Duration.ofSeconds(60), s.responseTimeout());
    assertEquals(4096, s.stderrTailBytes(), "the worker's task.stderr-tail");
  }

  @Test
  void shouldReadOverrides() {
    DockerSettings s =
        with("xwgrid.worker.docker { enabled = REQUIRED, host = \"tcp://h:2375\", user = \"1000:1000\", "
            + "tmp-size = 8MiB, label = \"net.example.grid\", response-timeout = 2s }\n"
            + "xwgrid.worker.task.stderr-tail = 1KiB");
    assertEquals(DockerMode.REQUIRED, s.enabled());
    assertEquals("tcp://h:2375", s.dockerHost(Map.of("DOCKER_HOST", "unix:///elsewhere.sock")));
    assertEquals("1000:1000", s.user());
    assertEquals(8L << 20, s.tmpSizeBytes());
    assertEquals("net.example.grid.owner", s.ownerLabel());
    assertEquals(Duration.ofSeconds(2), s.responseTimeout());
    assertEquals(1024, s.stderrTailBytes());
    assertEquals(DockerMode.OFF, s.withEnabled(DockerMode.OFF).enabled());
  }

  @Test
  void shouldTakeTheHostFromTheEnvironmentWhenNoneIsSet() {
    DockerSettings s = DockerSettings.fromConfig(REFERENCE);
    assertEquals("tcp://d:2376", s.dockerHost(Map.of("DOCKER_HOST", " tcp://d:2376 ")));
    assertEquals("unix:///var/run/docker.sock", s.dockerHost(Map.of()));
    assertEquals("unix:///var/run/docker.sock", s.dockerHost(Map.of("DOCKER_HOST", "")));
  }

  @Test
  void shouldRejectBadValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> with("xwgrid.worker.docker.enabled = sometimes"));
    assertTrue(e.getMessage().contains("'sometimes' is not one of auto, required, off"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> with("xwgrid.worker.docker.user = \" \""));
    assertThrows(IllegalArgumentException.class, () -> with("xwgrid.worker.docker.tmp-size = 0"));
    assertThrows(IllegalArgumentException.class, () -> with("xwgrid.worker.docker.label = \"Org.XW\""));
    assertThrows(IllegalArgumentException.class, () -> with("xwgrid.worker.docker.label = \"\""));
    assertThrows(IllegalArgumentException.class, () -> with("xwgrid.worker.docker.connect-timeout = 0s"));
  }

  @Test
  void shouldParseModesCaseInsensitively() {
    assertEquals(DockerMode.OFF, DockerMode.parse(" Off "));
    assertEquals("required", DockerMode.REQUIRED.toString());
    assertThrows(IllegalArgumentException.class, () -> DockerMode.parse(null));
  }
}
