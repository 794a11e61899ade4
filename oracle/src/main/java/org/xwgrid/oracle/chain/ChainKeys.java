package org.xwgrid.oracle.chain;

import java.io.IOException;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Where a signing key comes from: an Ethereum keystore file (its password in {@code
 * XW_KEYSTORE_PASSWORD}), else the private key in {@code XW_CHAIN_KEY}; never a command-line
 * argument.
 */
public final class ChainKeys {
  private ChainKeys() {}

  /** @param keystore the keystore file, or null for {@code XW_CHAIN_KEY} */
  public static Credentials load(Path keystore) throws IOException {
    if (keystore != null) {
      String password = System.getenv("XW_KEYSTORE_PASSWORD");
      if (password == null) {
        throw new IllegalArgumentException("set XW_KEYSTORE_PASSWORD to open " + keystore);
      }
      try {
        return WalletUtils.loadCredentials(password, keystore.toFile());
      } catch (CipherException e) {
        throw new IllegalArgumentException("cannot open the keystore " + keystore + ": " + e.getMessage());
      }
    }
    String key = System.getenv("XW_CHAIN_KEY");
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("no key: give a keystore file (password in XW_KEYSTORE_PASSWORD) or set XW_CHAIN_KEY");
    }
    if (!WalletUtils.isValidPrivateKey(key.trim())) {
      throw new IllegalArgumentException("XW_CHAIN_KEY is not a private key (64 hex digits)");
    }
    return Credentials.create(key.trim());
  }
}
