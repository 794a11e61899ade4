package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

  @Test
  void shouldReadTheReferenceDefaults() {
    assertEquals(SandboxSettings.DEFAULTS, SandboxSettings.fromConfig(ConfigFactory.defaultReference()));
  }

  @Test
  void shouldDefineExactlyTheKeysItReads() {
    Config c = ConfigFactory.defaultReference().getConfig(SandboxSettings.PATH);
    Set<String> defined = new TreeSet<>();
    c.entrySet().forEach(e -> defined.add(e.getKey()));
    assertEquals(new TreeSet<>(SandboxSettings.KEYS), defined);
  }

  @Test
  void shouldApplyOverrides() {
    Config c =
        ConfigFactory.parseString(
                "xwgrid.worker.isolation { cgroups = REQUIRED, task-uid = 1234 }")
            .withFallback(ConfigFactory.defaultReference());
    assertEquals(
        new SandboxSettings(CgroupMode.REQUIRED, 1234), SandboxSettings.fromConfig(c));
  }

  @Test
  void shouldRefuseBadValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SandboxSettings.fromConfig(
                    ConfigFactory.parseString("xwgrid.worker.isolation.cgroups = maybe")
                        .withFallback(ConfigFactory.defaultReference())));
    assertEquals("cgroups 'maybe' is not one of auto, required, off", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SandboxSettings(CgroupMode.AUTO, 0));
  }
}
