package org.xwgrid.common.api;

import java.util.List;
import org.xwgrid.common.CborSerializable;

/**
 * What a task needs of a worker. Null or empty fields match anything; {@code tags} must all be
 * present on the worker.
 */
public record Requirements(String os, String arch, int minCores, long minMemoryMb, List<String> tags)
    implements CborSerializable {

  public static final Requirements ANY = new Requirements(null, null, 0, 0, List.of());

  public Requirements {
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (minCores < 0 || minMemoryMb < 0) {
      throw new IllegalArgumentException("minCores and minMemoryMb must not be negative");
    }
  }

  public boolean matches(Capabilities c) {
    return (os == null || os.isEmpty() || os.equalsIgnoreCase(c.os()))
        && (arch == null || arch.isEmpty() || arch.equalsIgnoreCase(c.arch()))
        && c.cores() >= minCores
        && c.memoryMb() >= minMemoryMb
        && c.tags().containsAll(tags);
  }

  /** Both sets of requirements at once (the stricter of each). */
  public Requirements and(Requirements o) {
    if (o == null) {
      return this;
    }
    java.util.LinkedHashSet<String> t = new java.util.LinkedHashSet<>(tags);
    t.addAll(o.tags);
    return new Requirements(
        os == null || os.isEmpty() ? o.os : os,
        arch == null || arch.isEmpty() ? o.arch : arch,
        Math.max(minCores, o.minCores),
        Math.max(minMemoryMb, o.minMemoryMb),
        List.copyOf(t));
  }
}
