package org.xwgrid.oracle.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * {@link Eip712} against web3j's own, independent EIP-712 encoder (typed data as JSON), and its
 * signatures against ecrecover.
 */
class Eip712Test {
  private static final long CHAIN = 31337;
  private static final String HUB = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
  private static final Eip712 DOMAIN = new Eip712(CHAIN, HUB);
  private static final Credentials OWNER =
      Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

  private static final String DOMAIN_TYPES = """
      "EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
        {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}]""";
  private static final String APP_TYPES = """
      "AppOrder":[{"name":"app","type":"address"},{"name":"appprice","type":"uint256"},
        {"name":"volume","type":"uint256"},{"name":"tag","type":"bytes32"},
        {"name":"datasetrestrict","type":"address"},{"name":"workerpoolrestrict","type":"address"},
        {"name":"requesterrestrict","type":"address"},{"name":"salt","type":"bytes32"}]""";
  private static final String DATASET_TYPES = """
      "DatasetOrder":[{"name":"dataset","type":"address"},{"name":"datasetprice","type":"uint256"},
        {"name":"volume","type":"uint256"},{"name":"tag","type":"bytes32"},
        {"name":"apprestrict","type":"address"},{"name":"workerpoolrestrict","type":"address"},
        {"name":"requesterrestrict","type":"address"},{"name":"salt","type":"bytes32"}]""";
  private static final String WORKERPOOL_TYPES = """
      "WorkerpoolOrder":[{"name":"workerpool","type":"address"},{"name":"workerpoolprice","type":"uint256"},
        {"name":"volume","type":"uint256"},{"name":"tag","type":"bytes32"},{"name":"category","type":"uint256"},
        {"name":"trust","type":"uint256"},{"name":"apprestrict","type":"address"},
        {"name":"datasetrestrict","type":"address"},{"name":"requesterrestrict","type":"address"},
        {"name":"salt","type":"bytes32"}]""";
  private static final String REQUEST_TYPES = """
      "RequestOrder":[{"name":"app","type":"address"},{"name":"appmaxprice","type":"uint256"},
        {"name":"dataset","type":"address"},{"name":"datasetmaxprice","type":"uint256"},
        {"name":"workerpool","type":"address"},{"name":"workerpoolmaxprice","type":"uint256"},
        {"name":"requester","type":"address"},{"name":"volume","type":"uint256"},{"name":"tag","type":"bytes32"},
        {"name":"category","type":"uint256"},{"name":"trust","type":"uint256"},
        {"name":"beneficiary","type":"address"},{"name":"callback","type":"address"},
        {"name":"params","type":"string"},{"name":"salt","type":"bytes32"}]""";

  private static byte[] web3jDigest(String types, String primaryType, String message) throws Exception {
    String json = """
        {"types":{%s,%s},"primaryType":"%s",
         "domain":{"name":"xwgrid","version":"1","chainId":%d,"verifyingContract":"%s"},
         "message":%s}""".formatted(DOMAIN_TYPES, types, primaryType, CHAIN, HUB, message);
    return new StructuredDataEncoder(json).hashStructuredData();
  }

  private static String appJson(AppOrder o) {
    return """
        {"app":"%s","appprice":"%s","volume":"%s","tag":"%s","datasetrestrict":"%s","workerpoolrestrict":"%s",
         "requesterrestrict":"%s","salt":"%s"}""".formatted(o.app(), o.appprice(), o.volume(), o.tag(),
        o.datasetrestrict(), o.workerpoolrestrict(), o.requesterrestrict(), o.salt());
  }

  private static String datasetJson(DatasetOrder o) {
    return """
        {"dataset":"%s","datasetprice":"%s","volume":"%s","tag":"%s","apprestrict":"%s","workerpoolrestrict":"%s",
         "requesterrestrict":"%s","salt":"%s"}""".formatted(o.dataset(), o.datasetprice(), o.volume(), o.tag(),
        o.apprestrict(), o.workerpoolrestrict(), o.requesterrestrict(), o.salt());
  }

  private static String workerpoolJson(WorkerpoolOrder o) {
    return """
        {"workerpool":"%s","workerpoolprice":"%s","volume":"%s","tag":"%s","category":"%s","trust":"%s",
         "apprestrict":"%s","datasetrestrict":"%s","requesterrestrict":"%s","salt":"%s"}""".formatted(
        o.workerpool(), o.workerpoolprice(), o.volume(), o.tag(), o.category(), o.trust(), o.apprestrict(),
        o.datasetrestrict(), o.requesterrestrict(), o.salt());
  }

  private static String requestJson(RequestOrder o) {
    return """
        {"app":"%s","appmaxprice":"%s","dataset":"%s","datasetmaxprice":"%s","workerpool":"%s",
         "workerpoolmaxprice":"%s","requester":"%s","volume":"%s","tag":"%s","category":"%s","trust":"%s",
         "beneficiary":"%s","callback":"%s","params":%s,"salt":"%s"}""".formatted(o.app(), o.appmaxprice(),
        o.dataset(), o.datasetmaxprice(), o.workerpool(), o.workerpoolmaxprice(), o.requester(), o.volume(),
        o.tag(), o.category(), o.trust(), o.beneficiary(), o.callback(), quote(o.params()), o.salt());
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void shouldHashTheDomainAsWeb3jDoes() throws Exception {
    String json = """
        {"types":{%s,"Empty":[]},"primaryType":"Empty",
         "domain":{"name":"xwgrid","version":"1","chainId":%d,"verifyingContract":"%s"},"message":{}}"""
        .formatted(DOMAIN_TYPES, CHAIN, HUB);
    assertArrayEquals(new StructuredDataEncoder(json).hashDomain(), DOMAIN.domainSeparator());
  }

  @Test
  void shouldHashEveryOrderAsWeb3jDoes() throws Exception {
    assertEquals(Numeric.toHexString(web3jDigest(APP_TYPES, "AppOrder", appJson(TestingOrders.app()))),
        DOMAIN.hash(TestingOrders.app()));
    assertEquals(
        Numeric.toHexString(web3jDigest(DATASET_TYPES, "DatasetOrder", datasetJson(TestingOrders.dataset()))),
        DOMAIN.hash(TestingOrders.dataset()));
    assertEquals(Numeric.toHexString(
            web3jDigest(WORKERPOOL_TYPES, "WorkerpoolOrder", workerpoolJson(TestingOrders.workerpool()))),
        DOMAIN.hash(TestingOrders.workerpool()));
    assertEquals(
        Numeric.toHexString(web3jDigest(REQUEST_TYPES, "RequestOrder", requestJson(TestingOrders.request()))),
        DOMAIN.hash(TestingOrders.request()));
  }

  @Test
  void shouldHashOrderOperationsAsNestedStructs() throws Exception {
    String types = APP_TYPES + ",\"AppOrderOperation\":[{\"name\":\"order\",\"type\":\"AppOrder\"},"
        + "{\"name\":\"operation\",\"type\":\"uint256\"}]";
    String message = "{\"order\":" + appJson(TestingOrders.app()) + ",\"operation\":\"1\"}";
    assertArrayEquals(web3jDigest(types, "AppOrderOperation", message),
        DOMAIN.digest(Eip712.operationHash(TestingOrders.app(), Eip712.Operation.CLOSE)));

    String requestTypes = REQUEST_TYPES + ",\"RequestOrderOperation\":[{\"name\":\"order\",\"type\":\"RequestOrder\"},"
        + "{\"name\":\"operation\",\"type\":\"uint256\"}]";
    String requestMessage = "{\"order\":" + requestJson(TestingOrders.request()) + ",\"operation\":\"0\"}";
    assertArrayEquals(web3jDigest(requestTypes, "RequestOrderOperation", requestMessage),
        DOMAIN.digest(Eip712.operationHash(TestingOrders.request(), Eip712.Operation.SIGN)));
  }

  @Test
  void shouldHashRelayedContributionsAndReveals() throws Exception {
    String task = TestingOrders.salt("task");
    String hash = TestingOrders.salt("hash");
    String seal = TestingOrders.salt("seal");
    String types = """
        "Contribution":[{"name":"taskid","type":"bytes32"},{"name":"resultHash","type":"bytes32"},
          {"name":"resultSeal","type":"bytes32"},{"name":"enclaveChallenge","type":"address"}]""";
    String message = """
        {"taskid":"%s","resultHash":"%s","resultSeal":"%s","enclaveChallenge":"%s"}"""
        .formatted(task, hash, seal, ChainValues.ZERO_ADDRESS);
    assertArrayEquals(web3jDigest(types, "Contribution", message),
        DOMAIN.digest(Eip712.contributionHash(task, hash, seal, ChainValues.ZERO_ADDRESS)));

    String revealTypes = "\"Reveal\":[{\"name\":\"taskid\",\"type\":\"bytes32\"},"
        + "{\"name\":\"resultDigest\",\"type\":\"bytes32\"}]";
    String revealMessage = "{\"taskid\":\"%s\",\"resultDigest\":\"%s\"}".formatted(task, hash);
    assertArrayEquals(web3jDigest(revealTypes, "Reveal", revealMessage), DOMAIN.digest(Eip712.revealHash(task, hash)));
  }

  @Test
  void shouldUseIexecTypeStrings() {
    // the precomputed type hashes in iExec's IexecLibOrders_v5 (PoCo contracts/libs/IexecLibOrders_v5.sol)
    assertEquals("0x60815a0eeec47dddf1615fe53b31d016c31444e01b9d796db365443a6445d008",
        Numeric.toHexString(Eip712.typeHash(Eip712.APP_ORDER_TYPE)));
    assertEquals("0x6cfc932a5a3d22c4359295b9f433edff52b60703fa47690a04a83e40933dd47c",
        Numeric.toHexString(Eip712.typeHash(Eip712.DATASET_ORDER_TYPE)));
    assertEquals("0xaa3429fb281b34691803133d3d978a75bb77c617ed6bc9aa162b9b30920022bb",
        Numeric.toHexString(Eip712.typeHash(Eip712.WORKERPOOL_ORDER_TYPE)));
    assertEquals("0xf24e853034a3a450aba845a82914fbb564ad85accca6cf62be112a154520fae0",
        Numeric.toHexString(Eip712.typeHash(Eip712.REQUEST_ORDER_TYPE)));
    assertEquals("0x0638bb0702457e2b4b01be8a202579b8bf97e587fb4f2cc4d4aad01f21a06ee0",
        Numeric.toHexString(Eip712.typeHash(Eip712.APP_ORDER_OPERATION_TYPE)));
    assertEquals("0x075eb6f7578ff4292c241bd2484cd5c1d5e6ecc2ddd3317e1d8176b5a45865ec",
        Numeric.toHexString(Eip712.typeHash(Eip712.DATASET_ORDER_OPERATION_TYPE)));
    assertEquals("0x322d980b7d7a6a1f7c39ff0c5445da6ae1d8e0393ff0dd468c8be3e2c8644388",
        Numeric.toHexString(Eip712.typeHash(Eip712.WORKERPOOL_ORDER_OPERATION_TYPE)));
    assertEquals("0x0ded7b52c2d77595a40d242eca751df172b18e686326dbbed3f4748828af77c7",
        Numeric.toHexString(Eip712.typeHash(Eip712.REQUEST_ORDER_OPERATION_TYPE)));
    assertEquals("0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f",
        Numeric.toHexString(Eip712.typeHash(Eip712.DOMAIN_TYPE)));
  }

  @Test
  void shouldSignOrdersSoThatTheOwnerRecovers() throws Exception {
    AppOrder signed = DOMAIN.sign(TestingOrders.app(), OWNER);
    byte[] sig = ChainValues.toBytes(signed.sign());
    assertEquals(65, sig.length);
    Sign.SignatureData data = new Sign.SignatureData(sig[64], Arrays.copyOfRange(sig, 0, 32),
        Arrays.copyOfRange(sig, 32, 64));
    BigInteger key = Sign.signedMessageHashToKey(ChainValues.toBytes(DOMAIN.hash(TestingOrders.app())), data);
    assertEquals(OWNER.getAddress(), "0x" + Keys.getAddress(key));
  }

  @Test
  void shouldSignSchedulerAuthorizationsAsEthSignedMessages() throws Exception {
    String worker = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    String task = TestingOrders.salt("task");
    byte[] sig = ChainValues.toBytes(Eip712.authorization(worker, task, ChainValues.ZERO_ADDRESS, OWNER));
    byte[] packed = new byte[72];
    System.arraycopy(ChainValues.toBytes(worker), 0, packed, 0, 20);
    System.arraycopy(ChainValues.toBytes(task), 0, packed, 20, 32);
    byte[] prefixed = Hash.sha3(concat("\u0019Ethereum Signed Message:\n32".getBytes(), Hash.sha3(packed)));
    Sign.SignatureData data = new Sign.SignatureData(sig[64], Arrays.copyOfRange(sig, 0, 32),
        Arrays.copyOfRange(sig, 32, 64));
    assertEquals(OWNER.getAddress(), "0x" + Keys.getAddress(Sign.signedMessageHashToKey(prefixed, data)));
  }

  @Test
  void shouldBindTheChainAndTheHub() {
    assertNotEquals(DOMAIN.hash(TestingOrders.app()), new Eip712(1, HUB).hash(TestingOrders.app()));
    assertNotEquals(DOMAIN.hash(TestingOrders.app()),
        new Eip712(CHAIN, TestingOrders.POOL).hash(TestingOrders.app()));
  }

  @Test
  void shouldRefuseMalformedValues() {
    assertThrows(IllegalArgumentException.class, () -> new AppOrder("0x1234", BigInteger.ONE, BigInteger.ONE,
        ChainValues.ZERO_BYTES32, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS,
        ChainValues.ZERO_BYTES32, "0x"));
    assertThrows(IllegalArgumentException.class, () -> new AppOrder(TestingOrders.APP, BigInteger.valueOf(-1),
        BigInteger.ONE, ChainValues.ZERO_BYTES32, ChainValues.ZERO_ADDRESS, ChainValues.ZERO_ADDRESS,
        ChainValues.ZERO_ADDRESS, ChainValues.ZERO_BYTES32, "0x"));
    assertThrows(IllegalArgumentException.class, () -> TestingOrders.app().withSign("0xzz"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A worker signs with its own key file and common's RelaySignatures: the same bytes the hub checks. */
  @Test
  void shouldSignARelayedContributionInTheWorkerExactlyAsWeb3jDoes() {
    org.xwgrid.common.crypto.Secp256k1Key key = org.xwgrid.common.crypto.Secp256k1Key.of(java.math.BigInteger.valueOf(4242));
    org.web3j.crypto.Credentials same = org.web3j.crypto.Credentials.create(key.privateKeyHex());
    String hub = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    String task = "0x" + "11".repeat(32);
    String hash = "0x" + "22".repeat(32);
    String seal = "0x" + "33".repeat(32);
    Eip712 e = new Eip712(31337, hub);
    org.xwgrid.common.crypto.RelaySignatures relay = new org.xwgrid.common.crypto.RelaySignatures(31337, hub);
    assertEquals(
        e.signContribution(task, hash, seal, "0x0000000000000000000000000000000000000000", same),
        relay.signContribution(task, hash, seal, key));
    assertEquals(e.signReveal(task, hash, same), relay.signReveal(task, hash, key));
    assertEquals(same.getAddress(), key.address());
  }
}
