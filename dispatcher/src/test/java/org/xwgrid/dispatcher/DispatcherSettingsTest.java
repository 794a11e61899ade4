package org.xwgrid.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xwgrid.dispatcher.testing.TestingSettings;

class DispatcherSettingsTest {

  @Test
  void shouldReadTheDocumentedDefaults() {
    DispatcherSettings s = TestingSettings.defaults();
    assertEquals(Duration.ofSeconds(5), s.heartbeatInterval());
    assertEquals(Duration.ofSeconds(20), s.heartbeatTimeout());
    assertEquals(Duration.ofSeconds(30), s.assignmentGrace());
    assertEquals(Duration.ofSeconds(30), s.maxLongPoll());
    assertEquals(Duration.ofMinutes(2), s.replicaDeadlineGrace());
    assertEquals(Duration.ofSeconds(10), s.offerRefresh());
    assertEquals(Duration.ofMinutes(2), s.finishedIdle());
    assertEquals(Duration.ofHours(1), s.defaultTaskTimeout());
    assertEquals(3, s.maxFailures());
    assertEquals(256, s.maxTasksPerRequest());
    assertEquals(1024 * 1024, s.maxJsonBody());
    assertEquals(1L << 30, s.maxUploadSize());
    assertTrue(s.dataDir().isAbsolute());
    assertTrue(s.heartbeatInterval().compareTo(s.heartbeatTimeout()) < 0, "several heartbeats fit in the timeout");
  }

  /** Every key of reference.conf is read: changing any one of them changes the settings. */
  @Test
  void shouldReadEveryKeyOfReferenceConf() {
    Config defaults = TestingSettings.config();
    DispatcherSettings base = DispatcherSettings.create(defaults);
    Config ours = defaults.getConfig("xwgrid.dispatcher");
    int keys = 0;
    for (Map.Entry<String, ConfigValue> e : ours.entrySet()) {
      String key = e.getKey();
      String changed = key.equals("poco.default-category") ? "\"M\"" : changedValue(ours, key, e.getValue());
      Config modified =
          ConfigFactory.parseString("xwgrid.dispatcher." + key + " = " + changed).withFallback(defaults).resolve();
      assertNotEquals(base, DispatcherSettings.create(modified), "xwgrid.dispatcher." + key + " is not read");
      keys += key.startsWith("poco.categories.") ? 0 : 1; // the categories are one setting
    }
    int settings =
        DispatcherSettings.class.getRecordComponents().length - 1 + DispatcherSettings.Poco.class.getRecordComponents().length;
    assertEquals(settings - 1, keys, "one key per setting (the categories aside)");
  }

  private static String changedValue(Config c, String key, ConfigValue v) {
    if (v.valueType() == ConfigValueType.NUMBER) {
      return Long.toString(c.getLong(key) + 1);
    }
    try {
      return (c.getDuration(key).toMillis() + 1000) + "ms";
    } catch (ConfigException.BadValue notDuration) {
      // fall through
    }
    try {
      return Long.toString(c.getBytes(key) + 1024);
    } catch (ConfigException.BadValue notSize) {
      return "\"" + c.getString(key) + "-changed\"";
    }
  }
}
