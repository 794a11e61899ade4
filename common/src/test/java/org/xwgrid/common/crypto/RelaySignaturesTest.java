package org.xwgrid.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.poco.ResultCommitment;

class RelaySignaturesTest {
  private static final String HUB = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final String TASK = "0x" + "11".repeat(32);
  private static final Secp256k1Key KEY = Secp256k1Key.of(BigInteger.ONE);

  @Test
  void shouldSignSoThatTheWorkersAddressIsRecovered() {
    RelaySignatures relay = new RelaySignatures(31337, HUB);
    ResultCommitment c = ResultCommitment.of(TASK, "0x" + "22".repeat(32), KEY.address());
    String sign = relay.signContribution(TASK, c.resultHash(), c.resultSeal(), KEY);
    assertEquals(132, sign.length(), "0x + 65 bytes");
    byte[] digest = relay.digest(RelaySignatures.contributionHash(TASK, c.resultHash(), c.resultSeal(), null));
    assertEquals(KEY.address(), RelaySignatures.signer(digest, sign));
    byte[] reveal = relay.digest(RelaySignatures.revealHash(TASK, "0x" + "22".repeat(32)));
    assertEquals(KEY.address(), RelaySignatures.signer(reveal, relay.signReveal(TASK, "0x" + "22".repeat(32), KEY)));
  }

  @Test
  void shouldBindTheSignatureToTheChainAndTheHub() {
    byte[] contribution = RelaySignatures.contributionHash(TASK, TASK, TASK, null);
    assertNotEquals(
        ResultCommitment.hex(new RelaySignatures(31337, HUB).digest(contribution)),
        ResultCommitment.hex(new RelaySignatures(1, HUB).digest(contribution)));
    assertNotEquals(
        ResultCommitment.hex(new RelaySignatures(31337, HUB).digest(contribution)),
        ResultCommitment.hex(new RelaySignatures(31337, "0x" + "ab".repeat(20)).digest(contribution)));
  }

  @Test
  void shouldHashTheTypesAsEip712Says() {
    // keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    assertEquals(
        "0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f",
        ResultCommitment.hex(RelaySignatures.typeHash(RelaySignatures.DOMAIN_TYPE)));
  }
}
