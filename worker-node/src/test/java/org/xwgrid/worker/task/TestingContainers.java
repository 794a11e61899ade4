package org.xwgrid.worker.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.xwgrid.worker.exec.ContainerRuntime;
import org.xwgrid.worker.exec.ExecSpec;
import org.xwgrid.worker.exec.Execution;
import org.xwgrid.worker.exec.NativeExecutor;
import org.xwgrid.worker.exec.Sandbox;

/**
 * A container runtime double for TaskRunner's tests: every "image" is the entrypoint {@code /bin/sh
 * -c 'echo "$0" "$@" > "$XW_OUTPUT_DIR/args.txt"' image}, run as a plain process; it records the images
 * loaded and the specs run. The real one is tested by DockerExecutorIT.
 */
final class TestingContainers implements ContainerRuntime {
  record Loaded(String image, Path archive) {}

  final List<Loaded> loaded = new CopyOnWriteArrayList<>();
  final List<ExecSpec> specs = new CopyOnWriteArrayList<>();
  private final NativeExecutor executor;

  TestingContainers(ExecutorService pool, ScheduledExecutorService timer) {
    this.executor = NativeExecutor.create(Sandbox.plain(), pool, timer, 4096);
  }

  @Override
  public void ensureImage(String image, Path archive) {
    loaded.add(new Loaded(image, archive));
  }

  @Override
  public Execution execution(ExecSpec spec, String image) {
    specs.add(spec);
    List<String> c = new ArrayList<>(List.of("/bin/sh", "-c", "echo \"$0\" \"$@\" > \"$XW_OUTPUT_DIR/args.txt\"", image));
    c.addAll(spec.command());
    return executor.create(
        new ExecSpec(c, null, spec.taskDir(), spec.inputDir(), spec.outputDir(), spec.stdout(), spec.stderr(), spec.timeout(), spec.limits(), spec.name()));
  }
}
