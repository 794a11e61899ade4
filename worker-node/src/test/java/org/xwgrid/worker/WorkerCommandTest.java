package org.xwgrid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.worker.task.Misbehaviour;
import org.xwgrid.worker.task.Saboteur;
import picocli.CommandLine;

class WorkerCommandTest {
  @TempDir Path tmp;

  private record Run(int exit, String err) {}

  private Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new WorkerCommand());
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int exit = cl.execute(args);
    return new Run(exit, err.toString());
  }

  @Test
  void shouldReadTheExampleConfigsAndTheVolunteerFlags() {
    WorkerCommand c = new WorkerCommand();
    new CommandLine(c).parseArgs("--config", "../conf/worker.conf", "--docker", "off");
    WorkerNodeSettings s = c.settings();
    assertEquals(1L << 30, s.resources().slotMemoryBytes());
    assertEquals(2048, s.resources().defaultLimits().memoryMb());
    assertEquals(20L << 30, s.cache().maxSize());
    assertEquals(org.xwgrid.worker.exec.docker.DockerMode.OFF, s.docker().enabled());

    WorkerCommand v = new WorkerCommand();
    new CommandLine(v).parseArgs("--config", "../conf/volunteer.conf");
    assertEquals(org.xwgrid.worker.volunteer.Policy.IDLE_AND_WINDOWS, v.settings().volunteer().policy());
    assertEquals(0.5, v.settings().volunteer().maxCpuShare());

    WorkerCommand f = new WorkerCommand();
    new CommandLine(f).parseArgs("--volunteer", "idle", "--owner-activity-file", "owner-here");
    assertEquals(java.nio.file.Path.of("owner-here").toAbsolutePath(), f.settings().volunteer().simulatedOwnerFile());
    WorkerCommand iso = new WorkerCommand();
    new CommandLine(iso).parseArgs("--config", "../conf/worker.conf");
    assertEquals(org.xwgrid.worker.exec.CgroupMode.AUTO, org.xwgrid.worker.exec.SandboxSettings.fromConfig(iso.config()).cgroups());
    assertEquals(1L << 30, iso.config().getBytes("xwgrid.worker.task.slot-memory"), "the node reads the file's keys too");
    Run bad = run("--dispatcher", "http://d:1", "--token", "t", "--config", "no-such.conf");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("--config no-such.conf: no such file"), bad.err());
  }

  @Test
  void shouldExitWithOneLineOnABadUrl() {
    Run r = run("--dispatcher", "localhost:8080", "--token", "t", "--work-dir", tmp.toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("xw worker: dispatcher URL 'localhost:8080' is not valid"), r.err());
  }

  @Test
  void shouldExitWithOneLineWithoutAToken() {
    Path work = tmp.resolve("w");
    Run r = run("--dispatcher", "http://127.0.0.1:9", "--work-dir", work.toString(), "--sandbox", "none");
    // XW_TOKEN may be set where the tests run; then the node would start: only check without it.
    if (System.getenv("XW_TOKEN") == null) {
      assertEquals(1, r.exit());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("xw worker: no enrolment token: pass --token or set XW_TOKEN"), r.err());
      assertFalse(Files.exists(work.resolve("worker.json")));
    }
  }

  @Test
  void shouldExitWithOneLineOnABadSandboxMode() {
    Run r = run("--dispatcher", "http://d:1", "--token", "t", "--sandbox", "docker", "--work-dir", tmp.toString());
    assertEquals(2, r.exit());
    assertEquals("xw worker: sandbox mode 'docker' is not one of auto, bwrap, none\n", r.err());
  }

  @Test
  void shouldRefuseAWorkDirInUse() throws Exception {
    if (System.getenv("XW_TOKEN") != null) {
      return;
    }
    Path work = Files.createDirectories(tmp.resolve("busy"));
    try (var ch = java.nio.channels.FileChannel.open(work.resolve(".lock"),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        var lock = ch.lock()) {
      assertTrue(lock.isValid());
      Run r = run("--dispatcher", "http://127.0.0.1:9", "--token", "t", "--work-dir", work.toString(), "--sandbox", "none");
      assertEquals(1, r.exit());
      assertEquals("xw worker: work dir " + work + " is in use by another worker\n", r.err());
    }
  }

  @Test
  void shouldExitWithOneLineOnABadSaboteurMode() {
    Run r = run("--dispatcher", "http://d:1", "--token", "t", "--testing-saboteur", "always", "--work-dir", tmp.toString());
    assertEquals(2, r.exit());
    assertEquals("xw worker: testing saboteur mode 'always' is not one of collude, random\n", r.err());
  }

  @Test
  void shouldTakeTheSaboteurModeFromItsFlagOrTheConfig() {
    WorkerCommand c = new WorkerCommand();
    new CommandLine(c).parseArgs("--testing-saboteur", "random");
    assertEquals(Saboteur.RANDOM, c.settings().testingSaboteur());
    WorkerCommand plain = new WorkerCommand();
    new CommandLine(plain).parseArgs();
    assertEquals(Saboteur.NONE, plain.settings().testingSaboteur(), "honest by default");
    String help = new CommandLine(new WorkerCommand()).getUsageMessage();
    assertTrue(help.contains("--testing-saboteur=MODE"), help);
    assertTrue(help.contains("FOR TESTS ONLY: make this worker lie"), help);
  }

  @Test
  void shouldExitWithOneLineOnABadMisbehaveMode() {
    Run r = run("--dispatcher", "http://d:1", "--token", "t", "--testing-misbehave", "silent", "--work-dir", tmp.toString());
    assertEquals(2, r.exit());
    assertEquals("xw worker: testing misbehave mode 'silent' is not one of no-reveal, no-upload, bad-reveal\n", r.err());
  }

  @Test
  void shouldTakeTheMisbehaveModeFromItsFlagOrTheConfig() {
    for (Misbehaviour m : new Misbehaviour[] {Misbehaviour.NO_REVEAL, Misbehaviour.NO_UPLOAD, Misbehaviour.BAD_REVEAL}) {
      WorkerCommand c = new WorkerCommand();
      new CommandLine(c).parseArgs("--testing-misbehave=" + m);
      assertEquals(m, c.settings().testingMisbehave());
      assertEquals(Saboteur.NONE, c.settings().testingSaboteur(), "an honest result");
    }
    WorkerCommand both = new WorkerCommand();
    new CommandLine(both).parseArgs("--testing-misbehave", "bad-reveal", "--testing-saboteur", "collude");
    assertEquals(Misbehaviour.BAD_REVEAL, both.settings().testingMisbehave(), "combines with --testing-saboteur");
    assertEquals(Saboteur.COLLUDE, both.settings().testingSaboteur());
    WorkerCommand plain = new WorkerCommand();
    new CommandLine(plain).parseArgs();
    assertEquals(Misbehaviour.NONE, plain.settings().testingMisbehave(), "follows the protocol by default");
    String help = new CommandLine(new WorkerCommand()).getUsageMessage();
    assertTrue(help.contains("--testing-misbehave=MODE"), help);
    assertTrue(help.contains("FOR TESTS ONLY: make this worker break the reveal"), help);
    for (String mode : new String[] {"no-reveal", "no-upload", "bad-reveal"}) {
      assertTrue(help.contains(mode), mode + " in " + help);
    }
  }
}
