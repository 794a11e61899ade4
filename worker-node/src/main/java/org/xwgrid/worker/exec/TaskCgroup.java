package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup of one task (one directory per hierarchy on cgroup v1, one on v2), with the task's
 * limits written before it starts. The task's process is born in it or joins it before it execs
 * ({@link #start}), so nothing it forks escapes. A group that is {@link #reusable()} serves task
 * after task ({@link CgroupPool}). Thread-safe.
 */
interface TaskCgroup {

  /** The limits written into the group. */
  Limits limits();

  /** The group's directories (one per v1 hierarchy). */
  List<Path> dirs();

  /** The {@code cgroup.procs} files the task writes its pid into. */
  List<Path> procsFiles();

  /** What the group counted so far. */
  CgroupUsage usage();

  /** CPU time of the group so far, in nanoseconds; -1 if unknown. */
  long cpuNanos();

  /** True when {@link #freeze()} uses a cgroup freezer. */
  boolean freezable();

  /** Freezes every process of the group (asynchronously in the kernel). */
  void freeze() throws IOException;

  /** Thaws the group. */
  void thaw() throws IOException;

  /** Kills every process in the group and waits (a few seconds at most) until it is empty. */
  void killAll() throws IOException;

  /**
   * {@link #killAll} once a task ended, for what it left behind (daemons, a frozen rest). The
   * usual case, nothing left, is told from one file: a task's processes are born in (or join) the
   * first hierarchy before any other, and leaving it takes a write to the cgroup files.
   */
  default void killRest() throws IOException {
    if (holdsOthers(CgroupFiles.pids(procsFiles().get(0)))) {
      killAll();
    }
  }

  /** Whether a group's process list names a process other than this one (whose spawner thread may live there). */
  static boolean holdsOthers(List<Long> pids) {
    long self = ProcessHandle.current().pid();
    return pids.stream().anyMatch(pid -> pid != self);
  }

  /**
   * Starts {@code pb}'s process in the group. This default runs it under {@link #joinCommand()};
   * on cgroup v1 a {@link Spawner} thread that lives in the group starts it instead.
   */
  default Process start(ProcessBuilder pb) throws IOException {
    List<String> c = new ArrayList<>(joinCommand());
    c.addAll(pb.command());
    return PosixSpawn.start(pb.command(c));
  }

  /** True when the group, emptied, can serve another task ({@link #reuse}); else it is removed after its task. */
  default boolean reusable() {
    return false;
  }

  /**
   * This (empty) group made ready for another task with {@code limits}: every limit rewritten, the
   * usage counted afresh.
   *
   * @throws UnsupportedOperationException unless {@link #reusable()}
   */
  default TaskCgroup reuse(Limits limits) throws IOException {
    throw new UnsupportedOperationException("a cgroup of " + this + " serves one task");
  }

  /** Removes the group (kills what is left first). */
  default void remove() throws IOException {
    killAll();
    GroupProcesses.rmdirs(dirs());
  }

  /**
   * A prefix for the task's command line: a shell that writes its own pid into every {@code
   * cgroup.procs} and then execs the rest ({@code "$@"}), exiting 125 if it cannot join.
   */
  default List<String> joinCommand() {
    StringBuilder script = new StringBuilder();
    for (Path p : procsFiles()) {
      script.append("echo $$ > ").append(quote(p.toString())).append(" && ");
    }
    script.append("true || { echo 'xwgrid: cannot join the task cgroup' >&2; exit 125; }; exec \"$@\"");
    List<String> c = new ArrayList<>();
    c.add("/bin/sh");
    c.add("-c");
    c.add(script.toString());
    c.add("xwgrid-cgroup");
    return c;
  }

  /** {@code s} single-quoted for /bin/sh. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
