package org.xwgrid.worker.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CacheSettingsTest {
  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference());
  }

  @Test
  void shouldHaveTheDocumentedDefaults() {
    CacheSettings s = CacheSettings.fromConfig(ConfigFactory.defaultReference());
    assertEquals(10L << 30, s.maxSize());
    assertEquals(256L << 20, s.minFree());
  }

  @Test
  void shouldListEveryKeyOfItsBlock() {
    Set<String> defined = new TreeSet<>();
    ConfigFactory.defaultReference().getConfig(CacheSettings.PATH).entrySet().forEach(e -> defined.add("cache." + e.getKey()));
    assertEquals(defined, new TreeSet<>(CacheSettings.KEYS));
  }

  @Test
  void shouldReadSizesAndZeroAsUnlimited() {
    CacheSettings s = CacheSettings.fromConfig(with("xwgrid.worker.cache { max-size = 0, min-free = 1GiB }"));
    assertEquals(0, s.maxSize());
    assertEquals(1L << 30, s.minFree());
    assertEquals(0, s.budget().maxBytes());
    assertEquals(1L << 30, s.diskSpace().minFree());
    assertEquals(2_000_000, CacheSettings.fromConfig(with("xwgrid.worker.cache.max-size = 2MB")).maxSize());
  }

  @Test
  void shouldNameTheKeyOfABadValue() {
    ConfigException bad =
        assertThrows(ConfigException.class, () -> CacheSettings.fromConfig(with("xwgrid.worker.cache.max-size = lots")));
    assertTrue(bad.getMessage().contains("xwgrid.worker.cache.max-size"), bad.getMessage());
    assertTrue(bad.getMessage().contains("10GiB"), bad.getMessage());
    ConfigException negative =
        assertThrows(ConfigException.class, () -> CacheSettings.fromConfig(with("xwgrid.worker.cache.min-free = -1")));
    assertTrue(negative.getMessage().contains("xwgrid.worker.cache.min-free"), negative.getMessage());
    assertTrue(negative.getMessage().contains("0 or more"), negative.getMessage());
    assertThrows(ConfigException.class, () -> CacheSettings.fromConfig(with("xwgrid.worker.cache.min-free = -1MiB")));
    assertThrows(ConfigException.class, () -> CacheSettings.fromConfig(with("xwgrid.worker.cache.min-free = [1]")));
  }
}
