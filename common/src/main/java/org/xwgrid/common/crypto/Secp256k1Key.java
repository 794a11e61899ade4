package org.xwgrid.common.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.xwgrid.common.poco.ResultCommitment;

/**
 * An Ethereum-style secp256k1 key: a worker's identity in PoCo (its address is what a result seal
 * binds) and, on chain, the key that signs its contributions. The address is the last 20 bytes of
 * keccak-256 of the uncompressed public key, in lower-case hex with {@code 0x}.
 */
public record Secp256k1Key(BigInteger privateKey, String address) {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

  public Secp256k1Key {
    if (privateKey.signum() <= 0 || privateKey.compareTo(CURVE.getN()) >= 0) {
      throw new IllegalArgumentException("not a secp256k1 private key");
    }
  }

  /** A new random key. */
  public static Secp256k1Key generate(SecureRandom random) {
    BigInteger d;
    do {
      d = new BigInteger(256, random);
    } while (d.signum() == 0 || d.compareTo(CURVE.getN()) >= 0);
    return of(d);
  }

  /** The key with this private part. */
  public static Secp256k1Key of(BigInteger privateKey) {
    return new Secp256k1Key(privateKey, addressOf(privateKey));
  }

  /** The key of a 32-byte hex private key (with or without 0x). */
  public static Secp256k1Key parse(String hex) {
    return of(new BigInteger(1, ResultCommitment.bytes("private key", hex.strip(), 32)));
  }

  /** The private key as 0x + 64 hex digits (for the key file only: never log it). */
  public String privateKeyHex() {
    byte[] b = privateKey.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return ResultCommitment.hex(out);
  }

  private static String addressOf(BigInteger d) {
    ECPoint q = new FixedPointCombMultiplier().multiply(CURVE.getG(), d).normalize();
    byte[] uncompressed = q.getEncoded(false); // 0x04 ‖ x ‖ y
    byte[] hash = ResultCommitment.keccak(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
    return ResultCommitment.hex(Arrays.copyOfRange(hash, 12, 32));
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "Secp256k1Key[" + address + "]";
  }
}
