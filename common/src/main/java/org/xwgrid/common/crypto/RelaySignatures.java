package org.xwgrid.common.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.xwgrid.common.poco.ResultCommitment;

/**
 * What a worker signs so that the pool's oracle may relay its contribution and its reveal to the
 * hub contract (a volunteer pays no gas): EIP-712 typed data in xwgrid's domain on one chain, for
 * one hub — {@code Contribution(bytes32 taskid,bytes32 resultHash,bytes32 resultSeal,address
 * enclaveChallenge)} and {@code Reveal(bytes32 taskid,bytes32 resultDigest)} — signed as
 * {@code r ‖ s ‖ v} (v 27 or 28), as the hub's {@code contributeFor} and {@code revealFor} check.
 */
public final class RelaySignatures {
  public static final String NAME = "xwgrid";
  public static final String VERSION = "1";
  public static final String DOMAIN_TYPE =
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
  public static final String CONTRIBUTION_TYPE =
      "Contribution(bytes32 taskid,bytes32 resultHash,bytes32 resultSeal,address enclaveChallenge)";
  public static final String REVEAL_TYPE = "Reveal(bytes32 taskid,bytes32 resultDigest)";
  private static final String NO_ENCLAVE = "0x0000000000000000000000000000000000000000";

  private final byte[] domainSeparator;

  /** xwgrid's domain on chain {@code chainId} for the hub at {@code hub}. */
  public RelaySignatures(long chainId, String hub) {
    this.domainSeparator = domainSeparator(NAME, VERSION, chainId, hub);
  }

  /** The EIP-712 domain separator of any name, version, chain and contract. */
  public static byte[] domainSeparator(String name, String version, long chainId, String contract) {
    return keccak(
        typeHash(DOMAIN_TYPE),
        keccak(name.getBytes(StandardCharsets.UTF_8)),
        keccak(version.getBytes(StandardCharsets.UTF_8)),
        uint(BigInteger.valueOf(chainId)),
        address(contract));
  }

  public static byte[] typeHash(String type) {
    return keccak(type.getBytes(StandardCharsets.US_ASCII));
  }

  /** The struct hash of a contribution (no enclave: {@code enclave} null or the zero address). */
  public static byte[] contributionHash(String taskId, String resultHash, String resultSeal, String enclave) {
    return keccak(
        typeHash(CONTRIBUTION_TYPE),
        ResultCommitment.bytes("task id", taskId, 32),
        ResultCommitment.bytes("result hash", resultHash, 32),
        ResultCommitment.bytes("result seal", resultSeal, 32),
        address(enclave == null ? NO_ENCLAVE : enclave));
  }

  public static byte[] revealHash(String taskId, String resultDigest) {
    return keccak(
        typeHash(REVEAL_TYPE),
        ResultCommitment.bytes("task id", taskId, 32),
        ResultCommitment.bytes("result digest", resultDigest, 32));
  }

  /** {@code keccak256(0x1901 ‖ domainSeparator ‖ structHash)}: what is signed. */
  public byte[] digest(byte[] structHash) {
    return keccak(new byte[] {0x19, 0x01}, domainSeparator, structHash);
  }

  public String signContribution(String taskId, String resultHash, String resultSeal, Secp256k1Key key) {
    return sign(digest(contributionHash(taskId, resultHash, resultSeal, null)), key);
  }

  public String signReveal(String taskId, String resultDigest, Secp256k1Key key) {
    return sign(digest(revealHash(taskId, resultDigest)), key);
  }

  /** The 65-byte signature {@code r ‖ s ‖ v} (v 27 or 28) of a 32-byte digest, as 0x hex. */
  public static String sign(byte[] digest, Secp256k1Key key) {
    Sign.SignatureData s = Sign.signMessage(digest, ECKeyPair.create(key.privateKey()), false);
    byte[] out = new byte[65];
    System.arraycopy(s.getR(), 0, out, 0, 32);
    System.arraycopy(s.getS(), 0, out, 32, 32);
    out[64] = s.getV()[0];
    return ResultCommitment.hex(out);
  }

  /** The address that signed {@code digest} with {@code signature}, lower case. */
  public static String signer(byte[] digest, String signature) {
    byte[] sig = ResultCommitment.bytes("signature", signature, 65);
    byte[] r = java.util.Arrays.copyOfRange(sig, 0, 32);
    byte[] s = java.util.Arrays.copyOfRange(sig, 32, 64);
    try {
      BigInteger publicKey = Sign.signedMessageHashToKey(digest, new Sign.SignatureData(sig[64], r, s));
      return "0x" + org.web3j.crypto.Keys.getAddress(publicKey);
    } catch (java.security.SignatureException e) {
      throw new IllegalArgumentException("not a valid signature: " + e.getMessage(), e);
    }
  }

  private static byte[] uint(BigInteger v) {
    byte[] out = new byte[32];
    byte[] b = v.toByteArray();
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] address(String address) {
    byte[] out = new byte[32];
    System.arraycopy(ResultCommitment.bytes("address", address, 20), 0, out, 12, 20);
    return out;
  }

  private static byte[] keccak(byte[]... parts) {
    return ResultCommitment.keccak(parts);
  }
}
