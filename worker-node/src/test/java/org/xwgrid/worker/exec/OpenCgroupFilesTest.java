package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenCgroupFilesTest {
  @TempDir Path tmp;

  @Test
  void shouldReadAFileAgainFromItsStartThroughTheSameChannel() throws Exception {
    Path procs = Files.writeString(tmp.resolve("cgroup.procs"), "1\n");
    OpenCgroupFiles files = new OpenCgroupFiles();
    assertEquals("1\n", files.read(procs));
    StringBuilder many = new StringBuilder();
    for (int pid = 100; pid < 400; pid++) {
      many.append(pid).append('\n'); // past the first buffer
    }
    Files.writeString(procs, many);
    assertEquals(many.toString(), files.read(procs));
    files.close();
    assertThrows(IOException.class, () -> files.read(procs), "closed with its group");
  }

  @Test
  void shouldReadTheFilesOfARealCgroup() throws Exception {
    // this process's own memory group: a kernel file read twice through one open channel
    Path self = Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(self), "cgroup v1 memory controller");
    OpenCgroupFiles files = new OpenCgroupFiles();
    long first = CgroupFiles.parseNumber(files.read(self));
    byte[] touched = new byte[64 << 20];
    java.util.Arrays.fill(touched, (byte) 1); // charged to the memory groups meanwhile
    long again = CgroupFiles.parseNumber(files.read(self));
    assertEquals(true, first > 0 && again > 0, first + ", " + again);
    assertNotEquals(first, again, "the kernel wrote the figure anew for the second read from 0 (" + touched.length + " bytes touched)");
    files.close();
  }
}
