package org.xwgrid.worker.exec.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xwgrid.worker.exec.ExecSpec;
import org.xwgrid.worker.exec.Limits;

/**
 * What to create for one {@link ExecSpec}: the image, the command (the container's {@code Cmd};
 * an image's ENTRYPOINT stays), the environment, the labels and a locked-down {@link HostConfig}:
 * no network, a read-only root, no capabilities, no new privileges, the task's limits (memory
 * with swap included, CPU, pids), a tmpfs at {@code /tmp}, the input folder read-only at {@code
 * /xw/input}, the output folder writable at {@code /xw/output}, the app folder read-only at
 * {@code /xw/app}. No ulimits are set, so none exceeds the host's. Pure: no engine call.
 */
record ContainerRecipe(
    String image,
    List<String> cmd,
    List<String> env,
    Map<String, String> labels,
    String user,
    String workingDir,
    HostConfig hostConfig) {

  static final String INPUT = "/xw/input";
  static final String OUTPUT = "/xw/output";
  static final String APP = "/xw/app";
  static final String TMP = "/tmp";
  /** rwxrwxrwt: any user may write, only the owner may delete. */
  static final int TMP_MODE = 01777;

  /**
   * The recipe for {@code spec} in {@code image}, owned by {@code owner}; {@code cgroupParent}
   * (null = the engine's default) groups the container for usage accounting.
   */
  static ContainerRecipe of(
      ExecSpec spec, String image, DockerSettings settings, String owner, String cgroupParent) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(settings.ownerLabel(), owner);
    labels.put(settings.replicaLabel(), replicaOf(spec));
    List<String> env = new ArrayList<>(List.of("XW_INPUT_DIR=" + INPUT, "XW_OUTPUT_DIR=" + OUTPUT, "HOME=" + TMP));
    if (spec.appDir() != null) {
      env.add("XW_APP_DIR=" + APP);
    }
    return new ContainerRecipe(
        image,
        spec.command(),
        List.copyOf(env),
        Map.copyOf(labels),
        settings.user(),
        OUTPUT,
        hostConfig(spec, settings, cgroupParent));
  }

  /** The replica label's value: the replica's name ({@code TaskFolders.nameOf}). */
  static String replicaOf(ExecSpec spec) {
    return spec.name();
  }

  static HostConfig hostConfig(ExecSpec spec, DockerSettings settings, String cgroupParent) {
    List<Mount> mounts = new ArrayList<>();
    mounts.add(bind(spec.inputDir(), INPUT, true));
    mounts.add(bind(spec.outputDir(), OUTPUT, false));
    if (spec.appDir() != null) {
      mounts.add(bind(spec.appDir(), APP, true));
    }
    mounts.add(
        new Mount()
            .withType(MountType.TMPFS)
            .withTarget(TMP)
            .withTmpfsOptions(new TmpfsOptions().withSizeBytes(settings.tmpSizeBytes()).withMode(TMP_MODE)));
    HostConfig h =
        HostConfig.newHostConfig()
            .withNetworkMode("none")
            .withReadonlyRootfs(true)
            .withPrivileged(false)
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withMounts(mounts);
    Limits l = spec.limits();
    if (l.memoryBytes() > 0) {
      h.withMemory(l.memoryBytes()).withMemorySwap(l.memoryBytes());
    }
    if (l.cpuMillis() > 0) {
      h.withNanoCPUs(l.cpuMillis() * 1_000_000L);
    }
    if (l.pids() > 0) {
      h.withPidsLimit(l.pids());
    }
    if (cgroupParent != null) {
      h.withCgroupParent(cgroupParent);
    }
    return h;
  }

  /**
   * A bind mount. Unlike {@code Binds}, a {@code Mount} fails when the host folder is missing
   * instead of creating it (as root) on the host.
   */
  private static Mount bind(Path host, String target, boolean readOnly) {
    return new Mount()
        .withType(MountType.BIND)
        .withSource(host.toString())
        .withTarget(target)
        .withReadOnly(readOnly);
  }

  /** Fills {@code cmd} with this recipe: no tty, no stdin. */
  CreateContainerCmd applyTo(CreateContainerCmd create) {
    return create
        .withCmd(cmd)
        .withEnv(env)
        .withLabels(labels)
        .withUser(user)
        .withWorkingDir(workingDir)
        .withTty(false)
        .withStdinOpen(false)
        .withAttachStdin(false)
        .withHostConfig(hostConfig);
  }
}
