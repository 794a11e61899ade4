package org.xwgrid.common.poco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResultCommitmentTest {
  private static final String TASK = "0x" + "11".repeat(32);
  private static final String DIGEST = "22".repeat(32);
  private static final String ALICE = "0x" + "aa".repeat(20);
  private static final String BOB = "0x" + "bb".repeat(20);

  @Test
  void keccakIsEthereumsNotSha3() {
    assertEquals(
        "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        ResultCommitment.hex(ResultCommitment.keccak()));
  }

  @Test
  void hashIsOverTaskAndDigestSealAlsoOverTheWorker() {
    ResultCommitment a = ResultCommitment.of(TASK, DIGEST, ALICE);
    ResultCommitment b = ResultCommitment.of(TASK, DIGEST, BOB);
    assertEquals(a.resultHash(), b.resultHash(), "equal results group together");
    assertNotEquals(a.resultSeal(), b.resultSeal(), "the seal binds the worker");
    assertEquals(
        ResultCommitment.hex(ResultCommitment.keccak(ResultCommitment.bytes("t", TASK, 32), ResultCommitment.bytes("d", DIGEST, 32))),
        a.resultHash());
    assertEquals(66, a.resultSeal().length());
  }

  @Test
  void revealMustReproduceHashAndSeal() {
    ResultCommitment a = ResultCommitment.of(TASK, DIGEST, ALICE);
    assertTrue(a.revealedBy(TASK, DIGEST, ALICE));
    assertFalse(a.revealedBy(TASK, DIGEST, BOB), "Bob cannot reveal Alice's commitment");
    assertFalse(a.revealedBy(TASK, "33".repeat(32), ALICE));
    assertFalse(a.revealedBy(TASK, "not hex", ALICE));
  }

  @Test
  void badValuesAreRefusedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultCommitment.of("0x12", DIGEST, ALICE));
    assertTrue(e.getMessage().contains("task id must be 32 bytes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ResultCommitment.of(TASK, DIGEST, "0x" + "zz".repeat(20)));
  }
}
