package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a container run that need no engine. */
class ContainerRunTest {
  @TempDir Path tmp;

  @Test
  void shouldOpenTheOutputFolderToAUserGivenByName() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("output"));
    ContainerRun.makeWritable(out, "nobody");
    assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
  }

  @Test
  void shouldHandTheOutputFolderToANumericUserOrOpenIt() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("output"));
    ContainerRun.makeWritable(out, "65534:65534");
    boolean handed = ((Integer) Files.getAttribute(out, "unix:uid")) == 65534;
    boolean open = PosixFilePermissions.toString(Files.getPosixFilePermissions(out)).equals("rwxrwxrwx");
    assertEquals(true, handed || open, "writable by 65534 either way");
  }

}
