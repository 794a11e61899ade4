package org.xwgrid.worker.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command of a task: the app's entrypoint with {@code {app}} substituted, then the task's arguments. */
public final class Entrypoints {
  /** The placeholder for the absolute path of the unpacked app folder. */
  public static final String APP = "{app}";

  private Entrypoints() {}

  /**
   * {@code entrypoint} with every {@code {app}} (also inside an element, e.g. {@code
   * -cp={app}/lib}) replaced by the absolute path of {@code appDir}, followed by {@code args} as
   * given (not substituted).
   */
  /**
   * A container's command: {@code entrypoint} (no {@code {app}}: a container has no app folder)
   * then {@code args}; with an empty entrypoint, the image's own entrypoint takes the arguments.
   */
  public static List<String> containerCommand(List<String> entrypoint, List<String> args) {
    List<String> c = new ArrayList<>();
    for (List<String> part : java.util.Arrays.asList(entrypoint, args)) {
      if (part == null) {
        continue;
      }
      for (String x : part) {
        if (x == null) {
          throw new IllegalArgumentException("null element in the command");
        }
        if (x.contains(APP)) {
          throw new IllegalArgumentException("a docker app's entrypoint cannot use " + APP + ": a container has no app folder");
        }
        c.add(x);
      }
    }
    return List.copyOf(c);
  }

  public static List<String> command(List<String> entrypoint, Path appDir, List<String> args) {
    if (entrypoint == null || entrypoint.isEmpty() || entrypoint.get(0).isBlank()) {
      throw new IllegalArgumentException("the app has no entrypoint");
    }
    String app = appDir.toAbsolutePath().normalize().toString();
    List<String> c = new ArrayList<>(entrypoint.size() + (args == null ? 0 : args.size()));
    for (String e : entrypoint) {
      if (e == null) {
        throw new IllegalArgumentException("null element in the entrypoint");
      }
      c.add(e.replace(APP, app));
    }
    if (args != null) {
      for (String a : args) {
        if (a == null) {
          throw new IllegalArgumentException("null task argument");
        }
        c.add(a);
      }
    }
    return List.copyOf(c);
  }
}
