package org.xwgrid.worker.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.crypto.Secp256k1Key;

/**
 * {@code <work-dir>/worker.key}, mode 600: the worker's secp256k1 private key in hex, made on first
 * start. Its address is the worker's identity in PoCo (result seals bind it) and signs its
 * contributions on chain. Written to a temporary file created 600, synced, then renamed; never
 * replaced once it exists (a worker keeps its reputation with its key).
 */
public final class KeyFile {
  private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFile() {}

  /** The key in {@code file}, made and stored first if there is none. Blocking (start-up only). */
  public static Secp256k1Key loadOrCreate(Path file) throws IOException {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      Secp256k1Key key;
      try {
        key = Secp256k1Key.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " does not hold a secp256k1 private key (" + e.getMessage() + "); move it away to make a new one", e);
      }
      if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        log.warn("[{}] was readable by others; setting its mode to 600", file);
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
      return key;
    } catch (NoSuchFileException e) {
      Secp256k1Key key = Secp256k1Key.generate(new SecureRandom());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.writeString(tmp, key.privateKeyHex() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      log.info("Made the worker key [{}]: address {}", file, key.address());
      return key;
    }
  }
}
