package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the tasks of docker apps run: a container engine that loads images from archives (there
 * is no registry) and runs one container per task. Blocking; call on pool threads.
 */
public interface ContainerRuntime {

  /**
   * Makes {@code image} present, loading it from {@code archive} (a {@code docker save} tar,
   * already checked by sha256) if it is not; fails if the archive does not hold that image.
   */
  void ensureImage(String image, Path archive) throws IOException;

  /** The task of {@code spec} in a container of {@code image}, not started. */
  Execution execution(ExecSpec spec, String image);
}
