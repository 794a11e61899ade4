package org.xwgrid.apps.vanitygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySearchTest {

    @Test
    void shouldDeriveCandidateKeysFromSeedAndIndex() throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest("demo-3:17".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(new BigInteger(1, hash)), KeySearch.keyForIndex("demo-3", 17));
        byte[] unicode = java.security.MessageDigest.getInstance("SHA-256").digest("clé ✓:0".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(new BigInteger(1, unicode)), KeySearch.keyForIndex("clé ✓", 0));
    }

    @Test
    void shouldFindAMatchThatDerivesFromItsWifAndIsTheFirstOne() {
        KeySearch.Result result = KeySearch.search("1Lo", "batch", 50_000);
        assertTrue(result.found());
        KeySearch.Match match = result.match().orElseThrow();
        assertTrue(match.address().startsWith("1Lo"), match.address());
        assertTrue(BitcoinKeys.isValidAddress(match.address()));
        assertEquals(match.address(), BitcoinKeys.addressOfWif(match.wif()));
        assertEquals(KeySearch.keyForIndex("batch", match.keyIndex()).orElseThrow(), BitcoinKeys.privateKeyOfWif(match.wif()));
        assertEquals(match.keyIndex() + 1, result.keysTried());
        // The batched search must not skip an earlier match: check every earlier candidate one by one.
        for (long i = 0; i < match.keyIndex(); i++) {
            String address = BitcoinKeys.addressOfPrivateKey(KeySearch.keyForIndex("batch", i).orElseThrow());
            assertFalse(address.startsWith("1Lo"), "index " + i + " already matches: " + address);
        }
    }

    @Test
    void shouldGiveTheSameResultForTheSameArguments() {
        assertEquals(KeySearch.search("1Lo", "b3", 50_000), KeySearch.search("1Lo", "b3", 50_000));
        assertEquals(KeySearch.search("1zzzzz", "again", 300), KeySearch.search("1zzzzz", "again", 300));
    }

    @Test
    void shouldMatchTheFirstKeyWhenThePatternIsJustOne() {
        KeySearch.Result result = KeySearch.search("1", "anything", 10);
        assertEquals(0, result.match().orElseThrow().keyIndex());
        assertEquals(1, result.keysTried());
        BigInteger key = KeySearch.keyForIndex("anything", 0).orElseThrow();
        assertEquals(BitcoinKeys.addressOfPrivateKey(key), result.match().orElseThrow().address());
    }

    @Test
    void shouldTryExactlyMaxKeysWhenNothingMatches() {
        for (long maxKeys : new long[] {1, 127, 128, 129, 300}) {
            KeySearch.Result result = KeySearch.search("1111111111", "none", maxKeys);
            assertFalse(result.found());
            assertEquals(maxKeys, result.keysTried());
            assertEquals("1111111111", result.pattern());
            assertEquals("none", result.seed());
        }
    }

    @Test
    void shouldRejectInvalidPatternsAndCounts() {
        for (String bad : new String[] {"", "2abc", "Lo", "1O", "10", "1Il", "1ab c", "1" + "z".repeat(34)}) {
            assertThrows(IllegalArgumentException.class, () -> KeySearch.search(bad, "s", 10), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> KeySearch.search("1A", "s", 0));
        assertThrows(IllegalArgumentException.class, () -> KeySearch.search("1A", "s", -1));
    }
}
