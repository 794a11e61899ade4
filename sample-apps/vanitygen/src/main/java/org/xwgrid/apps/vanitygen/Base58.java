package org.xwgrid.apps.vanitygen;

import java.util.Arrays;

/**
 * Bitcoin's base58 alphabet (no {@code 0}, {@code O}, {@code I}, {@code l}) and base58check
 * (payload followed by the first four bytes of its double SHA-256).
 *
 * <p>Each leading zero byte is written as one leading {@code '1'}; the rest is the big-endian
 * number in base 58.
 */
public final class Base58 {

    public static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static final char[] DIGITS = ALPHABET.toCharArray();
    private static final int[] VALUES = new int[128];
    private static final int CHECKSUM_LENGTH = 4;

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = i;
        }
    }

    private Base58() {
    }

    /** True if {@code c} is one of the 58 characters of the alphabet. */
    public static boolean isBase58Char(char c) {
        return c < VALUES.length && VALUES[c] >= 0;
    }

    /** True if every character of {@code s} is in the alphabet (the empty string included). */
    public static boolean isBase58(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isBase58Char(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // Base-58 digits, least significant first. log(256)/log(58) < 1.38.
        byte[] digits = new byte[(data.length - zeros) * 138 / 100 + 1];
        int length = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xFF;
            for (int j = 0; j < length; j++) {
                carry += digits[j] << 8;
                digits[j] = (byte) (carry % 58);
                carry /= 58;
            }
            while (carry > 0) {
                digits[length++] = (byte) (carry % 58);
                carry /= 58;
            }
        }
        StringBuilder out = new StringBuilder(zeros + length);
        for (int i = 0; i < zeros; i++) {
            out.append(DIGITS[0]);
        }
        for (int j = length - 1; j >= 0; j--) {
            out.append(DIGITS[digits[j]]);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException if {@code s} contains a character outside the alphabet */
    public static byte[] decode(String s) {
        int zeros = 0;
        while (zeros < s.length() && s.charAt(zeros) == DIGITS[0]) {
            zeros++;
        }
        // Base-256 digits, least significant first. log(58)/log(256) < 0.74.
        byte[] bytes = new byte[(s.length() - zeros) * 74 / 100 + 1];
        int length = 0;
        for (int i = zeros; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isBase58Char(c)) {
                throw new IllegalArgumentException("invalid base58 character '" + c + "' at position " + i);
            }
            int carry = VALUES[c];
            for (int j = 0; j < length; j++) {
                carry += (bytes[j] & 0xFF) * 58;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                bytes[length++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + length];
        for (int j = 0; j < length; j++) {
            out[zeros + j] = bytes[length - 1 - j];
        }
        return out;
    }

    /** Base58 of {@code payload} followed by its four-byte double-SHA-256 checksum. */
    public static String encodeChecked(byte[] payload) {
        byte[] checksum = Hashes.doubleSha256(payload);
        byte[] full = Arrays.copyOf(payload, payload.length + CHECKSUM_LENGTH);
        System.arraycopy(checksum, 0, full, payload.length, CHECKSUM_LENGTH);
        return encode(full);
    }

    /**
     * Decodes a base58check string and returns the payload without its checksum.
     *
     * @throws IllegalArgumentException on a character outside the alphabet, a string too short to
     *     hold a checksum, or a checksum that does not match
     */
    public static byte[] decodeChecked(String s) {
        byte[] full = decode(s);
        if (full.length < CHECKSUM_LENGTH) {
            throw new IllegalArgumentException("base58check string too short: " + full.length + " bytes");
        }
        byte[] payload = Arrays.copyOf(full, full.length - CHECKSUM_LENGTH);
        byte[] expected = Hashes.doubleSha256(payload);
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            if (full[payload.length + i] != expected[i]) {
                throw new IllegalArgumentException("bad base58check checksum");
            }
        }
        return payload;
    }
}
