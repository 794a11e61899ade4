package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell prefix that puts a task into its cgroup ({@link TaskCgroup#start}'s default), run for real with plain files as cgroup.procs. */
class TaskCgroupTest {
  @TempDir Path tmp;

  @Test
  void shouldWriteItsPidIntoEveryGroupAndThenExecTheTask() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("it's a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Process p =
        new SandboxTest.TestingTaskCgroup(List.of(a, b))
            .start(new ProcessBuilder("/bin/sh", "-c", "echo $$ > \"$1\"", "sh", tmp.resolve("exec").toString()));
    assertEquals(0, p.waitFor());
    String pid = p.pid() + "\n";
    assertEquals(pid, Files.readString(a.resolve("cgroup.procs")));
    assertEquals(pid, Files.readString(b.resolve("cgroup.procs")));
    assertEquals(pid, Files.readString(tmp.resolve("exec")), "the task is the same process (exec)");
  }

  @Test
  void shouldNotRunTheTaskWhenItCannotJoin() throws Exception {
    Process p =
        new SandboxTest.TestingTaskCgroup(List.of(tmp.resolve("missing")))
            .start(new ProcessBuilder("/bin/sh", "-c", "touch \"$1\"", "sh", tmp.resolve("ran").toString()).redirectErrorStream(true));
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(125, p.waitFor());
    assertEquals(false, Files.exists(tmp.resolve("ran")));
    assertEquals(true, out.contains("xwgrid: cannot join the task cgroup"), out);
  }

  @Test
  void shouldKillTheRestOfATaskOnlyWhenItsFirstGroupHoldsAProcessOtherThanThisOne() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    SandboxTest.TestingTaskCgroup g = new SandboxTest.TestingTaskCgroup(List.of(a, b));
    Files.writeString(a.resolve("cgroup.procs"), ProcessHandle.current().pid() + "\n"); // a spawner thread of this worker
    Files.writeString(b.resolve("cgroup.procs"), ProcessHandle.current().pid() + "\n");
    g.killRest();
    assertEquals(0, g.killAlls, "nothing left: one file read");
    Files.writeString(a.resolve("cgroup.procs"), ProcessHandle.current().pid() + "\n4242\n");
    g.killRest();
    assertEquals(1, g.killAlls, "a daemon the task left");
  }
}
