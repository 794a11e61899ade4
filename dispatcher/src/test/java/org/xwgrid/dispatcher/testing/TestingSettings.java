package org.xwgrid.dispatcher.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.xwgrid.dispatcher.DispatcherSettings;

/** {@link DispatcherSettings} for tests: the packaged defaults, optionally with a few keys changed. */
public final class TestingSettings {
  private TestingSettings() {}

  /** The defaults of {@code reference.conf}. */
  public static DispatcherSettings defaults() {
    return with("");
  }

  /**
   * The defaults with HOCON overrides relative to {@code xwgrid.dispatcher}, for example
   * {@code with("jobs.max-failures = 1", "workers.heartbeat-timeout = 4s")}.
   */
  public static DispatcherSettings with(String... overrides) {
    return DispatcherSettings.create(config(overrides));
  }

  /** The whole configuration {@link #with} reads. */
  public static Config config(String... overrides) {
    String body = String.join("\n", overrides);
    return ConfigFactory.parseString("xwgrid.dispatcher {\n" + body + "\n}")
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
