package org.xwgrid.common.api;

import java.util.List;
import org.xwgrid.common.CborSerializable;

/** What a worker host offers: matched against a job's {@link Requirements}. */
public record Capabilities(String os, String arch, int cores, long memoryMb, List<String> tags)
    implements CborSerializable {

  public Capabilities {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** The capabilities of this JVM's host. */
  public static Capabilities ofThisHost(List<String> tags) {
    return new Capabilities(
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        physicalMemoryMb(),
        tags);
  }

  private static long physicalMemoryMb() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize() / (1024 * 1024);
    }
    return Runtime.getRuntime().maxMemory() / (1024 * 1024);
  }
}
