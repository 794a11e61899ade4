package org.xwgrid.oracle.chain;

import org.xwgrid.common.crypto.RelaySignatures;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * EIP-712 typed data of xwgrid's hub, computed in Java exactly as {@code XwHub} does: the domain
 * separator (name {@value #NAME}, version {@value #VERSION}, chain id, hub address), the struct
 * hashes of the four orders with iExec PoCo v5's types ({@code IexecLibOrders_v5}), of their
 * on-chain operations (presign, close), and of a worker's relayed contribution and reveal; the
 * digests {@code keccak256(0x1901 ‖ domainSeparator ‖ structHash)} that owners sign and that
 * the hub uses as order hashes; and signing them with a web3j {@link Credentials}.
 */
public final class Eip712 {
  public static final String NAME = RelaySignatures.NAME;
  public static final String VERSION = RelaySignatures.VERSION;
  public static final String DOMAIN_TYPE = RelaySignatures.DOMAIN_TYPE;
  public static final String APP_ORDER_TYPE =
      "AppOrder(address app,uint256 appprice,uint256 volume,bytes32 tag,address datasetrestrict,"
          + "address workerpoolrestrict,address requesterrestrict,bytes32 salt)";
  public static final String DATASET_ORDER_TYPE =
      "DatasetOrder(address dataset,uint256 datasetprice,uint256 volume,bytes32 tag,address apprestrict,"
          + "address workerpoolrestrict,address requesterrestrict,bytes32 salt)";
  public static final String WORKERPOOL_ORDER_TYPE =
      "WorkerpoolOrder(address workerpool,uint256 workerpoolprice,uint256 volume,bytes32 tag,uint256 category,"
          + "uint256 trust,address apprestrict,address datasetrestrict,address requesterrestrict,bytes32 salt)";
  public static final String REQUEST_ORDER_TYPE =
      "RequestOrder(address app,uint256 appmaxprice,address dataset,uint256 datasetmaxprice,address workerpool,"
          + "uint256 workerpoolmaxprice,address requester,uint256 volume,bytes32 tag,uint256 category,uint256 trust,"
          + "address beneficiary,address callback,string params,bytes32 salt)";
  public static final String APP_ORDER_OPERATION_TYPE =
      "AppOrderOperation(AppOrder order,uint256 operation)" + APP_ORDER_TYPE;
  public static final String DATASET_ORDER_OPERATION_TYPE =
      "DatasetOrderOperation(DatasetOrder order,uint256 operation)" + DATASET_ORDER_TYPE;
  public static final String WORKERPOOL_ORDER_OPERATION_TYPE =
      "WorkerpoolOrderOperation(WorkerpoolOrder order,uint256 operation)" + WORKERPOOL_ORDER_TYPE;
  public static final String REQUEST_ORDER_OPERATION_TYPE =
      "RequestOrderOperation(RequestOrder order,uint256 operation)" + REQUEST_ORDER_TYPE;
  public static final String CONTRIBUTION_TYPE = RelaySignatures.CONTRIBUTION_TYPE;
  public static final String REVEAL_TYPE = RelaySignatures.REVEAL_TYPE;

  /** What an order operation does: presign the order on chain, or close (cancel) it. */
  public enum Operation {
    SIGN,
    CLOSE
  }

  private final long chainId;
  private final String hub;
  private final byte[] domainSeparator;

  /** xwgrid's domain on chain {@code chainId} for the hub at {@code hub}. */
  public Eip712(long chainId, String hub) {
    this(NAME, VERSION, chainId, hub);
  }

  /** Any domain: for tests of what another name, version, chain or hub gives. */
  public Eip712(String name, String version, long chainId, String hub) {
    this.chainId = chainId;
    this.hub = ChainValues.address("hub", hub);
    this.domainSeparator = RelaySignatures.domainSeparator(name, version, chainId, this.hub);
  }

  public long chainId() {
    return chainId;
  }

  public String hub() {
    return hub;
  }

  public byte[] domainSeparator() {
    return domainSeparator.clone();
  }

  // ───────────────────────── struct hashes (domain-free) ─────────────────────────

  public static byte[] structHash(AppOrder o) {
    return keccak(
        typeHash(APP_ORDER_TYPE),
        address(o.app()),
        uint(o.appprice()),
        uint(o.volume()),
        word(o.tag()),
        address(o.datasetrestrict()),
        address(o.workerpoolrestrict()),
        address(o.requesterrestrict()),
        word(o.salt()));
  }

  public static byte[] structHash(DatasetOrder o) {
    return keccak(
        typeHash(DATASET_ORDER_TYPE),
        address(o.dataset()),
        uint(o.datasetprice()),
        uint(o.volume()),
        word(o.tag()),
        address(o.apprestrict()),
        address(o.workerpoolrestrict()),
        address(o.requesterrestrict()),
        word(o.salt()));
  }

  public static byte[] structHash(WorkerpoolOrder o) {
    return keccak(
        typeHash(WORKERPOOL_ORDER_TYPE),
        address(o.workerpool()),
        uint(o.workerpoolprice()),
        uint(o.volume()),
        word(o.tag()),
        uint(o.category()),
        uint(o.trust()),
        address(o.apprestrict()),
        address(o.datasetrestrict()),
        address(o.requesterrestrict()),
        word(o.salt()));
  }

  public static byte[] structHash(RequestOrder o) {
    return keccak(
        typeHash(REQUEST_ORDER_TYPE),
        address(o.app()),
        uint(o.appmaxprice()),
        address(o.dataset()),
        uint(o.datasetmaxprice()),
        address(o.workerpool()),
        uint(o.workerpoolmaxprice()),
        address(o.requester()),
        uint(o.volume()),
        word(o.tag()),
        uint(o.category()),
        uint(o.trust()),
        address(o.beneficiary()),
        address(o.callback()),
        keccak(o.params().getBytes(StandardCharsets.UTF_8)),
        word(o.salt()));
  }

  public static byte[] operationHash(AppOrder o, Operation op) {
    return operation(APP_ORDER_OPERATION_TYPE, structHash(o), op);
  }

  public static byte[] operationHash(DatasetOrder o, Operation op) {
    return operation(DATASET_ORDER_OPERATION_TYPE, structHash(o), op);
  }

  public static byte[] operationHash(WorkerpoolOrder o, Operation op) {
    return operation(WORKERPOOL_ORDER_OPERATION_TYPE, structHash(o), op);
  }

  public static byte[] operationHash(RequestOrder o, Operation op) {
    return operation(REQUEST_ORDER_OPERATION_TYPE, structHash(o), op);
  }

  /** A worker's contribution as it signs it for a relay (see {@link RelaySignatures}). */
  public static byte[] contributionHash(String taskId, String resultHash, String resultSeal, String enclave) {
    return RelaySignatures.contributionHash(
        ChainValues.bytes32("task id", taskId), ChainValues.bytes32("result hash", resultHash),
        ChainValues.bytes32("result seal", resultSeal), ChainValues.address("enclave", enclave));
  }

  public static byte[] revealHash(String taskId, String resultDigest) {
    return RelaySignatures.revealHash(ChainValues.bytes32("task id", taskId), ChainValues.bytes32("result digest", resultDigest));
  }

  // ───────────────────────── digests in this domain ─────────────────────────

  /** {@code keccak256(0x1901 ‖ domainSeparator ‖ structHash)}: what is signed. */
  public byte[] digest(byte[] structHash) {
    return Hash.sha3(concat(new byte[] {0x19, 0x01}, domainSeparator, structHash));
  }

  /** The order's hash as the hub knows it (what its owner signs, what keys its consumed volume). */
  public String hash(AppOrder o) {
    return Numeric.toHexString(digest(structHash(o)));
  }

  public String hash(DatasetOrder o) {
    return Numeric.toHexString(digest(structHash(o)));
  }

  public String hash(WorkerpoolOrder o) {
    return Numeric.toHexString(digest(structHash(o)));
  }

  public String hash(RequestOrder o) {
    return Numeric.toHexString(digest(structHash(o)));
  }

  // ───────────────────────── signing ─────────────────────────

  public AppOrder sign(AppOrder o, Credentials owner) {
    return o.withSign(signDigest(digest(structHash(o)), owner));
  }

  public DatasetOrder sign(DatasetOrder o, Credentials owner) {
    return o.withSign(signDigest(digest(structHash(o)), owner));
  }

  public WorkerpoolOrder sign(WorkerpoolOrder o, Credentials owner) {
    return o.withSign(signDigest(digest(structHash(o)), owner));
  }

  public RequestOrder sign(RequestOrder o, Credentials requester) {
    return o.withSign(signDigest(digest(structHash(o)), requester));
  }

  /** The owner's signature of an operation on its order (for a relayed manage*Order). */
  public String signOperation(byte[] operationHash, Credentials owner) {
    return signDigest(digest(operationHash), owner);
  }

  /** A worker's signature of its contribution, for {@code contributeFor}. */
  public String signContribution(
      String taskId, String resultHash, String resultSeal, String enclave, Credentials worker) {
    return signDigest(digest(contributionHash(taskId, resultHash, resultSeal, enclave)), worker);
  }

  /** A worker's signature of its reveal, for {@code revealFor}. */
  public String signReveal(String taskId, String resultDigest, Credentials worker) {
    return signDigest(digest(revealHash(taskId, resultDigest)), worker);
  }

  /** The 65-byte signature {@code r ‖ s ‖ v} (v = 27 or 28) of a 32-byte digest, as hex. */
  public static String signDigest(byte[] digest, Credentials signer) {
    Sign.SignatureData s = Sign.signMessage(digest, signer.getEcKeyPair(), false);
    return Numeric.toHexString(concat(s.getR(), s.getS(), s.getV()));
  }

  /**
   * The scheduler's authorization of {@code worker} to contribute to {@code taskId} (iExec's
   * {@code authorizationSign}): an eth_sign ({@code "\x19Ethereum Signed Message:\n32"}) of
   * {@code keccak256(worker ‖ taskId ‖ enclave)}, by the workerpool's owner.
   */
  public static String authorization(String worker, String taskId, String enclave, Credentials scheduler) {
    byte[] message = Hash.sha3(concat(
        ChainValues.toBytes(ChainValues.address("worker", worker)),
        ChainValues.toBytes(ChainValues.bytes32("task id", taskId)),
        ChainValues.toBytes(ChainValues.address("enclave", enclave))));
    Sign.SignatureData s = Sign.signPrefixedMessage(message, scheduler.getEcKeyPair());
    return Numeric.toHexString(concat(s.getR(), s.getS(), s.getV()));
  }

  /** keccak-256 of a type string. */
  public static byte[] typeHash(String type) {
    return RelaySignatures.typeHash(type);
  }

  // ───────────────────────── encoding ─────────────────────────

  private static byte[] operation(String type, byte[] orderHash, Operation op) {
    return keccak(typeHash(type), orderHash, uint(BigInteger.valueOf(op.ordinal())));
  }

  private static byte[] address(String address) {
    return Numeric.toBytesPadded(Numeric.toBigInt(address), 32);
  }

  private static byte[] uint(BigInteger value) {
    return Numeric.toBytesPadded(value, 32);
  }

  private static byte[] word(String bytes32) {
    return ChainValues.toBytes(bytes32);
  }

  private static byte[] keccak(byte[]... words) {
    return Hash.sha3(concat(words));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
