package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** The user tasks run as: who the worker is, and how a root worker drops to the task user. */
final class TaskUser {
  private TaskUser() {}

  /** The worker's effective uid (the owner of {@code /proc/self}); -1 if unknown. */
  static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  static boolean isRoot() {
    return uid() == 0;
  }

  /**
   * {@code setpriv} switching to {@code uid} (and the group of the same number) for real: no
   * supplementary groups, no capabilities (none inheritable, an empty bounding set), no new
   * privileges, the parent-death signal kept.
   */
  static List<String> setprivCommand(Path setpriv, int uid) {
    return List.of(
        setpriv.toString(),
        "--reuid=" + uid,
        "--regid=" + uid,
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--pdeathsig=keep",
        "--");
  }

  /** Makes {@code dir} owned by {@code uid} and its group (the task writes there; root still reads it). */
  static void chown(Path dir, int uid) throws IOException {
    Files.setAttribute(dir, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dir, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
  }
}
