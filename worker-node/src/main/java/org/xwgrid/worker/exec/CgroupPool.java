package org.xwgrid.worker.exec;

import java.io.IOException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's task cgroups, kept between tasks: creating and removing a cgroup takes the kernel
 * milliseconds per hierarchy (~17 ms a task on cgroup v1 here), so an emptied group that is {@link
 * TaskCgroup#reusable()} waits for the next task, which rewrites its limits and counts its usage
 * afresh. There are as many groups as tasks ever ran at once. Thread-safe; every method blocks.
 */
final class CgroupPool {
  private static final Logger log = LoggerFactory.getLogger(CgroupPool.class);

  private final Cgroups cgroups;
  private final Deque<TaskCgroup> idle = new ConcurrentLinkedDeque<>();
  private final AtomicLong names = new AtomicLong();
  private volatile boolean closed;

  private CgroupPool(Cgroups cgroups) {
    this.cgroups = cgroups;
  }

  static CgroupPool create(Cgroups cgroups) {
    return new CgroupPool(cgroups);
  }

  /** A group for a task with {@code limits}: an idle one made ready, else a new one. */
  TaskCgroup acquire(Limits limits) throws IOException {
    for (TaskCgroup g = idle.poll(); g != null; g = idle.poll()) {
      try {
        return g.reuse(limits);
      } catch (IOException | RuntimeException e) {
        log.warn("Cannot reuse the cgroup {}: {}; removing it", g, e.getMessage());
        remove(g);
      }
    }
    return cgroups.create("task-" + names.incrementAndGet(), limits);
  }

  /** Takes back {@code g} once its task is over: kills what is left in it, then keeps or removes it. */
  void release(TaskCgroup g) throws IOException {
    if (!g.reusable() || closed) {
      g.remove();
      return;
    }
    try {
      g.killRest();
    } catch (IOException e) {
      remove(g);
      throw e;
    }
    idle.push(g);
    if (closed && idle.remove(g)) {
      remove(g); // released while the pool closed
    }
  }

  /** Removes the idle groups and this worker's scope group; a group released later is removed then. */
  void close() {
    closed = true;
    for (TaskCgroup g = idle.poll(); g != null; g = idle.poll()) {
      remove(g);
    }
    cgroups.close();
  }

  private static void remove(TaskCgroup g) {
    try {
      g.remove();
    } catch (IOException e) {
      log.warn("Cannot remove the cgroup {}: {}", g, e.getMessage());
    }
  }
}
