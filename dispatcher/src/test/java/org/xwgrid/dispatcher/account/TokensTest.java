package org.xwgrid.dispatcher.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.Hashes;

class TokensTest {

  @Test
  void shouldClaimTheUserOfAUserToken() {
    String token = Tokens.newUserToken("alice");
    assertTrue(token.startsWith("u.alice."), token);
    assertEquals(new Tokens.Claim(false, "alice"), Tokens.parse(token));
  }

  @Test
  void shouldClaimTheWorkerOfAWorkerToken() {
    String token = Tokens.newWorkerToken("w0123456789abcdef");
    assertTrue(token.startsWith("w.w0123456789abcdef."), token);
    assertEquals(new Tokens.Claim(true, "w0123456789abcdef"), Tokens.parse(token));
  }

  @Test
  void shouldMakeUrlSafeSecretsOf256RandomBits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String s = Tokens.secret();
      assertEquals(43, s.length(), "32 bytes in unpadded base64url");
      assertTrue(s.matches("[A-Za-z0-9_-]+"), s);
      assertTrue(seen.add(s), "secrets repeat");
    }
  }

  @Test
  void shouldHashTokensWithSha256Hex() {
    String token = Tokens.newUserToken("bob");
    assertEquals(Hashes.sha256Hex(token), Tokens.hash(token));
    assertTrue(Hashes.isSha256(Tokens.hash(token)));
    assertNotEquals(Tokens.hash(token), Tokens.hash(Tokens.newUserToken("bob")));
  }

  @Test
  void shouldClaimNothingForMalformedTokens() {
    String secret = Tokens.secret();
    assertNull(Tokens.parse(null));
    assertNull(Tokens.parse(""));
    assertNull(Tokens.parse("x.alice." + secret), "unknown kind");
    assertNull(Tokens.parse("u..".concat(secret)), "no subject");
    assertNull(Tokens.parse("u.alice"), "no secret");
    assertNull(Tokens.parse("u.alice.short"), "secret under 20 characters");
    assertNull(Tokens.parse("u.alice." + secret + ".more"), "too many parts");
    assertNull(Tokens.parse("u.alice." + "a".repeat(200)), "longer than 200 characters");
    assertNull(Tokens.parse("U.alice." + secret), "kinds are lower case");
  }
}
