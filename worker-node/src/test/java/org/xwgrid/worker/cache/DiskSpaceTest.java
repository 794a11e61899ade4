package org.xwgrid.worker.cache;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {
  @TempDir Path tmp;

  @Test
  void shouldPassWhenTheNeedAndTheReserveFit() {
    DiskSpace disk = DiskSpace.create(100, dir -> 1_000);
    assertDoesNotThrow(() -> disk.reserve(tmp, 900, CacheBudget.unlimited()));
    assertDoesNotThrow(() -> disk.reserve(tmp, -1, CacheBudget.unlimited()), "an unknown size needs only the reserve");
    assertThrows(DiskFullException.class, () -> disk.reserve(tmp, 901, CacheBudget.unlimited()));
  }

  @Test
  void shouldEvictUntilThereIsRoom() throws IOException {
    AtomicLong free = new AtomicLong(100);
    CacheBudget budget = CacheBudget.unlimited();
    budget.attach(CacheKey.Kind.BLOB, sha -> () -> free.addAndGet(50));
    budget.add(CacheKey.blob("a"), 50);
    budget.add(CacheKey.blob("b"), 50);
    budget.add(CacheKey.blob("c"), 50);
    DiskSpace.create(0, dir -> free.get()).reserve(tmp, 200, budget);
    assertEquals(200, free.get(), "two evicted, not three");
    assertEquals(50, budget.total());
  }

  @Test
  void shouldWorkOnTheRealDisk() {
    assertDoesNotThrow(() -> DiskSpace.create(0).reserve(tmp, 1, CacheBudget.unlimited()));
    DiskFullException e =
        assertThrows(DiskFullException.class, () -> DiskSpace.create(Long.MAX_VALUE / 2).reserve(tmp, Long.MAX_VALUE / 2 + 10, CacheBudget.unlimited()));
    assertEquals(tmp, e.dir());
  }

  @Test
  void shouldRecogniseNoSpaceLeftOnDeviceAnywhereInTheCauses() {
    IOException plain = new IOException("No space left on device");
    FileSystemException fs = new FileSystemException("/x/y.part", null, "No space left on device");
    Throwable wrapped = new CompletionException(new UncheckedIOException(plain));
    assertInstanceOf(DiskFullException.class, DiskSpace.asDiskFull(plain, tmp, "download"));
    assertInstanceOf(DiskFullException.class, DiskSpace.asDiskFull(fs, tmp, "download"));
    DiskFullException d = assertInstanceOf(DiskFullException.class, DiskSpace.asDiskFull(wrapped, tmp, "download of x"));
    assertEquals("disk full: no space left on device under " + tmp + " during the download of x", d.getMessage());
    assertSame(wrapped, d.getCause());
    IOException other = new IOException("Connection reset");
    assertSame(other, DiskSpace.asDiskFull(other, tmp, "download"));
    DiskFullException already = DiskFullException.shortOf(tmp, 1, 2, 3);
    assertSame(already, DiskSpace.asDiskFull(new CompletionException(already), tmp, "download"));
  }
}
