package org.xwgrid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xwgrid.worker.exec.SandboxMode;
import org.xwgrid.worker.task.Misbehaviour;
import org.xwgrid.worker.task.Saboteur;

class WorkerNodeSettingsTest {

  @Test
  void shouldSizeAutomaticSlotsByCoresAndMemory() {
    WorkerNodeSettings.Resources r = new WorkerNodeSettings.Resources(1L << 30, null);
    assertEquals(4, r.autoSlots(4, 16L << 30), "one per core when memory allows");
    assertEquals(2, r.autoSlots(8, (2L << 30) + 5), "one per GiB when memory is short");
    assertEquals(1, r.autoSlots(8, 100L << 20), "at least one");
    WorkerNodeSettings s = WorkerNodeSettings.fromConfig(com.typesafe.config.ConfigFactory.load());
    assertEquals(new org.xwgrid.common.api.TaskLimits(0, 0, 4096), s.resources().defaultLimits());
    assertEquals(512L << 20, s.resources().slotMemoryBytes());
    assertTrue(s.slots() >= 1);
  }

  @Test
  void shouldReadEveryKeyOfTheReferenceConf() {
    var reference = ConfigFactory.defaultReference();
    Set<String> defined = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : reference.getConfig(WorkerNodeSettings.PATH).entrySet()) {
      defined.add(e.getKey());
    }
    assertEquals(defined, WorkerNodeSettings.keysRead(reference));
  }

  @Test
  void shouldHaveTheDocumentedDefaults() {
    WorkerNodeSettings s =
        WorkerNodeSettings.fromConfig(ConfigFactory.parseString("xwgrid.worker.dispatcher = \"\"\nxwgrid.worker.token = \"\"")
            .withFallback(ConfigFactory.defaultReference()).resolve());
    assertEquals(Runtime.getRuntime().availableProcessors(), s.slots());
    assertEquals(Path.of("xw-worker"), s.workDir());
    assertEquals(SandboxMode.AUTO, s.sandbox());
    assertEquals(Duration.ofMillis(200), s.backoffMin());
    assertEquals(Duration.ofSeconds(5), s.backoffMax());
    assertEquals(Duration.ofSeconds(20), s.longPollWait());
    assertEquals(4096, s.stderrTailBytes());
    assertEquals(null, s.dispatcher());
    assertEquals(null, s.token());
    assertEquals(Saboteur.NONE, s.testingSaboteur());
    assertEquals(Misbehaviour.NONE, s.testingMisbehave());
    assertTrue(!s.name().isBlank());
  }

  @Test
  void shouldApplyOverrides() {
    WorkerNodeSettings s =
        WorkerNodeSettings.fromConfig(ConfigFactory.load())
            .withDispatcher("http://d:8080")
            .withToken("t")
            .withSlots(3)
            .withName("n")
            .withWorkDir(Path.of("/tmp/w"))
            .withTags(List.of("gpu"))
            .withSandbox(SandboxMode.NONE)
            .withPrefetch(2);
    assertEquals("http://d:8080", s.dispatcherUri().toString());
    assertEquals(3, s.slots());
    assertEquals("n", s.name());
    assertEquals(List.of("gpu"), s.tags());
    assertEquals(SandboxMode.NONE, s.sandbox());
    assertEquals(2, s.prefetch());
    assertTrue(s.toString().contains("token=***"), "the token is not logged");
  }

  @Test
  void shouldReadTheTestingSaboteurFromTheConfig() {
    WorkerNodeSettings s =
        WorkerNodeSettings.fromConfig(
            ConfigFactory.parseString("xwgrid.worker.testing.saboteur = collude").withFallback(ConfigFactory.load()));
    assertEquals(Saboteur.COLLUDE, s.testingSaboteur());
    assertTrue(s.toString().contains("testingSaboteur=collude"), s.toString());
    assertEquals(Saboteur.RANDOM, s.withDispatcher("http://d:1").withTestingSaboteur(Saboteur.RANDOM).testingSaboteur());
    assertEquals(Saboteur.COLLUDE, s.withSlots(2).testingSaboteur(), "kept by the other overrides");
  }

  @Test
  void shouldReadTheTestingMisbehaveModeFromTheConfig() {
    WorkerNodeSettings s =
        WorkerNodeSettings.fromConfig(
            ConfigFactory.parseString("xwgrid.worker.testing { misbehave = no-upload, saboteur = random }")
                .withFallback(ConfigFactory.load()));
    assertEquals(Misbehaviour.NO_UPLOAD, s.testingMisbehave());
    assertEquals(Saboteur.RANDOM, s.testingSaboteur(), "the two combine");
    assertTrue(s.toString().contains("testingMisbehave=no-upload"), s.toString());
    assertEquals(Misbehaviour.BAD_REVEAL, s.withDispatcher("http://d:1").withTestingMisbehave(Misbehaviour.BAD_REVEAL).testingMisbehave());
    assertEquals(Misbehaviour.NO_UPLOAD, s.withSlots(2).withTestingSaboteur(Saboteur.NONE).testingMisbehave(), "kept by the other overrides");
    assertEquals(Saboteur.RANDOM, s.withTestingMisbehave(Misbehaviour.NONE).testingSaboteur(), "and keeps the saboteur");
    assertTrue(!s.withTestingMisbehave(Misbehaviour.NONE).toString().contains("testingMisbehave"), "not shown when off");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WorkerNodeSettings.fromConfig(
                ConfigFactory.parseString("xwgrid.worker.testing.misbehave = sometimes").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("'sometimes' is not one of no-reveal, no-upload, bad-reveal"), e.getMessage());
  }

  @Test
  void shouldReadTheShortTaskHorizonAndRejectANegativeOne() {
    assertEquals(Duration.ofMillis(200), WorkerNodeSettings.fromConfig(ConfigFactory.load()).shortTaskHorizon());
    WorkerNodeSettings s =
        WorkerNodeSettings.fromConfig(
                ConfigFactory.parseString("xwgrid.worker.work.short-task-horizon = -1s").withFallback(ConfigFactory.load()))
            .withDispatcher("http://d:1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::validate);
    assertEquals("work.short-task-horizon must be >= 0, not PT-1S", e.getMessage());
  }

  @Test
  void shouldRejectBadDispatcherUrls() {
    WorkerNodeSettings s = WorkerNodeSettings.fromConfig(ConfigFactory.load());
    for (String bad : new String[] {"dispatcher:8080", "ftp://d", "http://", "not a url", "http://d:8080/?x=1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withDispatcher(bad).validate(), bad);
      assertTrue(e.getMessage().startsWith("dispatcher URL '" + bad + "' is not valid"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> s.withDispatcher(null).validate());
  }

  @Test
  void shouldParseSandboxModesCaseInsensitively() {
    assertEquals(SandboxMode.BWRAP, SandboxMode.parse("BWrap"));
    assertEquals("auto", SandboxMode.AUTO.toString());
    assertThrows(IllegalArgumentException.class, () -> SandboxMode.parse("docker"));
  }
}
