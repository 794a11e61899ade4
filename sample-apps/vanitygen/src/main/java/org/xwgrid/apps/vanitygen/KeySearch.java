package org.xwgrid.apps.vanitygen;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Deterministic search of a seeded slice of the key space for an address with a given prefix.
 *
 * <p>Candidate {@code i} (0 ≤ i &lt; maxKeys) is SHA-256 of the UTF-8 bytes of
 * {@code seed + ":" + i}, read as an unsigned big-endian integer; the rare value that is 0 or
 * ≥ n is skipped but still counted. The search stops at the first candidate whose compressed-key
 * P2PKH address starts with the pattern, so equal arguments always give an equal result.
 */
public final class KeySearch {

    /** Longest possible P2PKH address, hence longest useful pattern. */
    public static final int MAX_PATTERN_LENGTH = 34;

    /** Candidates whose public keys are converted to affine coordinates together. */
    private static final int BATCH = 128;

    private KeySearch() {
    }

    /** One search outcome; {@code match} is empty when no candidate matched. */
    public record Result(String pattern, String seed, long keysTried, Optional<Match> match) {
        public boolean found() {
            return match.isPresent();
        }
    }

    /** The matching candidate: its index, address and compressed-key WIF. */
    public record Match(long keyIndex, String address, String wif) {
    }

    /**
     * Checks that {@code pattern} can prefix a P2PKH address: starts with {@code 1}, base58
     * characters only, at most {@value #MAX_PATTERN_LENGTH} characters.
     *
     * @throws IllegalArgumentException with a message fit for a user otherwise
     */
    public static void checkPattern(String pattern) {
        if (pattern.isEmpty() || pattern.charAt(0) != '1') {
            throw new IllegalArgumentException("pattern must start with '1' (a P2PKH address prefix): \"" + pattern + "\"");
        }
        for (int i = 0; i < pattern.length(); i++) {
            if (!Base58.isBase58Char(pattern.charAt(i))) {
                throw new IllegalArgumentException("pattern contains '" + pattern.charAt(i) + "', which is not a base58 character"
                        + " (allowed: " + Base58.ALPHABET + ")");
            }
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("pattern is longer than an address (" + MAX_PATTERN_LENGTH + " characters)");
        }
    }

    /** Candidate {@code index} of {@code seed}, or empty if that hash is not a valid private key. */
    public static Optional<BigInteger> keyForIndex(String seed, long index) {
        return Optional.ofNullable(candidate(Hashes.newSha256(), seed, index));
    }

    /**
     * Tries candidates 0 .. maxKeys-1 in order and stops at the first match.
     *
     * @throws IllegalArgumentException if the pattern fails {@link #checkPattern} or maxKeys &lt; 1
     */
    public static Result search(String pattern, String seed, long maxKeys) {
        checkPattern(pattern);
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
        }
        MessageDigest sha256 = Hashes.newSha256();
        BigInteger[] keys = new BigInteger[BATCH];
        long[] indexes = new long[BATCH];
        for (long start = 0; start < maxKeys; start += BATCH) {
            long end = start + Math.min(BATCH, maxKeys - start);
            int count = 0;
            for (long i = start; i < end; i++) {
                BigInteger key = candidate(sha256, seed, i);
                if (key != null) {
                    keys[count] = key;
                    indexes[count] = i;
                    count++;
                }
            }
            BigInteger[] batch = count == BATCH ? keys : Arrays.copyOf(keys, count);
            byte[][] publicKeys = BitcoinKeys.compressedPublicKeys(batch);
            for (int k = 0; k < count; k++) {
                String address = BitcoinKeys.addressOfPublicKey(publicKeys[k]);
                if (address.startsWith(pattern)) {
                    Match match = new Match(indexes[k], address, BitcoinKeys.toWif(keys[k]));
                    return new Result(pattern, seed, indexes[k] + 1, Optional.of(match));
                }
            }
        }
        return new Result(pattern, seed, maxKeys, Optional.empty());
    }

    private static BigInteger candidate(MessageDigest sha256, String seed, long index) {
        byte[] hash = sha256.digest((seed + ":" + index).getBytes(StandardCharsets.UTF_8));
        BigInteger key = new BigInteger(1, hash);
        return BitcoinKeys.isValidPrivateKey(key) ? key : null;
    }
}
