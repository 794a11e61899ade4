package org.xwgrid.worker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
  @TempDir Path tmp;

  @Test
  void shouldKeepIdAndTokenInAFileOnlyTheOwnerCanRead() throws Exception {
    IdentityStore store = IdentityStore.create(tmp.resolve("worker.json"), ForkJoinPool.commonPool());
    assertEquals(Optional.empty(), store.load());
    store.save(new WorkerIdentity("w-1", "tok-1"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    assertEquals(
        "{\"workerId\":\"w-1\",\"workerToken\":\"tok-1\"}", Files.readString(store.file()));
    assertEquals(Optional.of(new WorkerIdentity("w-1", "tok-1")), store.load());
    store.saveAsync(new WorkerIdentity("w-2", "tok-2")).get();
    assertEquals(Optional.of(new WorkerIdentity("w-2", "tok-2")), store.load());
  }

  @Test
  void shouldTightenALooseFileMode() throws Exception {
    Path file = tmp.resolve("worker.json");
    Files.writeString(file, "{\"workerId\":\"w-1\",\"workerToken\":\"t\"}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    IdentityStore.create(file, ForkJoinPool.commonPool()).load();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void shouldRefuseAnIncompleteFile() throws Exception {
    Path file = tmp.resolve("worker.json");
    Files.writeString(file, "{\"workerId\":\"w-1\"}");
    assertThrows(IOException.class, () -> IdentityStore.create(file, ForkJoinPool.commonPool()).load());
  }
}
