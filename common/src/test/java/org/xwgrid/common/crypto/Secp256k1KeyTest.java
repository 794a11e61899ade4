package org.xwgrid.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Secp256k1KeyTest {
  @Test
  void wellKnownAddresses() {
    // Private key 1 and anvil's first default account.
    assertEquals("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", Secp256k1Key.of(BigInteger.ONE).address());
    assertEquals(
        "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
        Secp256k1Key.parse("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").address());
  }

  @Test
  void privateKeyRoundTripsAndIsNeverPrinted() {
    Secp256k1Key k = Secp256k1Key.generate(new SecureRandom());
    assertEquals(66, k.privateKeyHex().length());
    assertEquals(k, Secp256k1Key.parse(k.privateKeyHex()));
    assertFalse(k.toString().contains(k.privateKeyHex().substring(2)));
    assertTrue(k.toString().contains(k.address()));
    assertNotEquals(k.address(), Secp256k1Key.generate(new SecureRandom()).address());
    assertEquals(Secp256k1Key.of(BigInteger.TWO).privateKeyHex(), "0x" + "0".repeat(63) + "2");
  }

  @Test
  void badKeysAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Secp256k1Key.parse("0x00"));
    assertThrows(IllegalArgumentException.class, () -> Secp256k1Key.of(BigInteger.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Secp256k1Key.parse("0x" + "ff".repeat(32)));
  }
}
