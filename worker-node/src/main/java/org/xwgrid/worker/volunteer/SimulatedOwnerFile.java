package org.xwgrid.worker.volunteer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A SIMULATED OWNER, for tests and demos ({@code xwgrid.worker.volunteer.owner-activity-file}): the
 * owner counts as active while {@code file} exists. {@code touch} it to "come back", remove it to
 * "leave".
 */
public final class SimulatedOwnerFile implements OwnerActivity {

  private final Path file;

  public SimulatedOwnerFile(Path file) {
    this.file = Objects.requireNonNull(file);
  }

  @Override
  public boolean active() {
    return Files.exists(file);
  }

  public Path file() {
    return file;
  }

  @Override
  public String toString() {
    return "simulated owner (" + file + ")";
  }
}
