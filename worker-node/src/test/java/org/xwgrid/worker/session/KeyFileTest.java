package org.xwgrid.worker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.crypto.Secp256k1Key;

class KeyFileTest {
  @Test
  void madeOnceWithMode600ThenKept(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("worker.key");
    Secp256k1Key first = KeyFile.loadOrCreate(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first, KeyFile.loadOrCreate(file), "a worker keeps its key, and so its reputation");
    assertEquals(first.address(), Secp256k1Key.parse(Files.readString(file)).address());
    assertTrue(Files.list(dir).allMatch(p -> p.equals(file)), "no temporary file left");
  }

  @Test
  void modeIsTightenedAndAGarbledKeyIsAClearErrorNotANewIdentity(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("worker.key");
    Secp256k1Key k = KeyFile.loadOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(k, KeyFile.loadOrCreate(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Files.writeString(file, "garbage");
    IOException e = assertThrows(IOException.class, () -> KeyFile.loadOrCreate(file));
    assertTrue(e.getMessage().contains("does not hold a secp256k1 private key"), e.getMessage());
    assertEquals("garbage", Files.readString(file), "nothing overwritten");
  }
}
