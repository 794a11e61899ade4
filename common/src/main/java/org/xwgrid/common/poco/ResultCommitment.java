package org.xwgrid.common.poco;

import java.util.HexFormat;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * A contribution's commitment (iExec PoCo v5): {@code resultHash = keccak256(taskId ‖ resultDigest)}
 * and {@code resultSeal = keccak256(workerAddress ‖ taskId ‖ resultDigest)}, both over the packed
 * bytes (32-byte task id, 20-byte address, 32-byte digest), as Solidity's {@code abi.encodePacked}.
 * The hash lets equal results be grouped without disclosing them; the seal binds the worker, so
 * that revealing someone else's digest fails. Values are 0x-prefixed lower-case hex.
 */
public record ResultCommitment(String resultHash, String resultSeal) {
  private static final HexFormat HEX = HexFormat.of();

  /** Commits to {@code resultDigest} (32 bytes, hex) for {@code taskId} (32 bytes) by {@code worker} (20 bytes). */
  public static ResultCommitment of(String taskId, String resultDigest, String worker) {
    byte[] task = bytes("task id", taskId, 32);
    byte[] digest = bytes("result digest", resultDigest, 32);
    byte[] address = bytes("worker address", worker, 20);
    return new ResultCommitment(hex(keccak(task, digest)), hex(keccak(address, task, digest)));
  }

  /** Whether a revealed digest reproduces both this hash and this seal for that worker. */
  public boolean revealedBy(String taskId, String resultDigest, String worker) {
    try {
      return equals(of(taskId, resultDigest, worker));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** keccak-256 of the concatenation of {@code parts}. */
  public static byte[] keccak(byte[]... parts) {
    Keccak.Digest256 d = new Keccak.Digest256();
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }

  /** {@code 0x} + lower-case hex. */
  public static String hex(byte[] b) {
    return "0x" + HEX.formatHex(b);
  }

  /** The bytes of a hex value (with or without 0x) that must be exactly {@code length} bytes. */
  public static byte[] bytes(String what, String hex, int length) {
    if (hex == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (h.length() != 2 * length) {
      throw new IllegalArgumentException(what + " must be " + length + " bytes of hex, not \"" + hex + "\"");
    }
    try {
      return HEX.parseHex(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex: \"" + hex + "\"");
    }
  }
}
