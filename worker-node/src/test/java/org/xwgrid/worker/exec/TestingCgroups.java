package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a worker's task cgroups live on this host, for tests outside this package. */
public final class TestingCgroups {
  private TestingCgroups() {}

  /** The scope groups ({@code xwgrid/<scope>}) of the worker of {@code workDir} that exist now, in every hierarchy. */
  public static List<Path> scopeDirs(Path workDir) throws IOException {
    String scope = Cgroups.scope(workDir);
    return CgroupMount.parse(Files.readAllLines(Path.of("/proc/self/mountinfo"))).stream()
        .map(m -> m.dir().resolve(Cgroups.PARENT).resolve(scope))
        .filter(Files::isDirectory)
        .distinct()
        .toList();
  }
}
