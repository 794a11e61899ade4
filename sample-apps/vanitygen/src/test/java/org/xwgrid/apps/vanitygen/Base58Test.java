package org.xwgrid.apps.vanitygen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base58Test {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "'', ''",
        "00, 1",
        "0000000000, 11111",
        "61, 2g",
        "626262, a3gV",
        "636363, aPEr",
        "73696d706c792061206c6f6e6720737472696e67, 2cFupjhnEsSn59qHXstmK2ffpLv2",
        "00eb15231dfceb60925886b67d065299925915aeb172c06647, 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        "516b6fcd0f, ABnLTmg",
        "bf4f89001e670274dd, 3SEo3LWLoPntC",
        "572e4794, 3EFU7m",
        "ecac89cad93923c02321, EJDM8drfXA6uyA",
        "10c8511e, Rt5zm",
        "00000000000000000000, 1111111111",
    })
    void shouldMatchPublishedVectors(String hex, String base58) {
        byte[] bytes = HEX.parseHex(hex);
        assertEquals(base58, Base58.encode(bytes));
        assertArrayEquals(bytes, Base58.decode(base58));
    }

    @Test
    void shouldRoundTripRandomDataWithLeadingZeroBytes() {
        Random random = new Random(42);
        for (int n = 0; n < 2000; n++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            int zeros = Math.min(data.length, random.nextInt(4));
            for (int i = 0; i < zeros; i++) {
                data[i] = 0;
            }
            String encoded = Base58.encode(data);
            assertArrayEquals(data, Base58.decode(encoded), encoded);
            assertEquals(referenceEncode(data), encoded);
        }
    }

    @Test
    void shouldWriteOneLeadingOnePerLeadingZeroByte() {
        assertEquals("111z", Base58.encode(new byte[] {0, 0, 0, 57}));
        assertArrayEquals(new byte[] {0, 0, 0, 57}, Base58.decode("111z"));
        assertArrayEquals(new byte[] {0, 0}, Base58.decode("11"));
    }

    @Test
    void shouldRejectCharactersOutsideTheAlphabet() {
        for (String bad : new String[] {"0", "O", "I", "l", "abc+", "12 3", "é"}) {
            assertThrows(IllegalArgumentException.class, () -> Base58.decode(bad), bad);
            assertFalse(Base58.isBase58(bad), bad);
        }
        assertTrue(Base58.isBase58(Base58.ALPHABET));
        assertEquals(58, Base58.ALPHABET.length());
    }

    @Test
    void shouldRoundTripChecked() {
        byte[] payload = HEX.parseHex("00010966776006953d5567439e5e39f86a0d273bee");
        String encoded = Base58.encodeChecked(payload);
        assertEquals("16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM", encoded);
        assertArrayEquals(payload, Base58.decodeChecked(encoded));
        assertArrayEquals(new byte[0], Base58.decodeChecked(Base58.encodeChecked(new byte[0])));
    }

    @Test
    void shouldRejectEveryFlippedCharacterWhenChecked() {
        String address = "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH";
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            char other = c == 'z' ? 'y' : Base58.ALPHABET.charAt(Base58.ALPHABET.indexOf(c) + 1);
            String flipped = address.substring(0, i) + other + address.substring(i + 1);
            assertThrows(IllegalArgumentException.class, () -> Base58.decodeChecked(flipped), flipped);
        }
    }

    @Test
    void shouldRejectCheckedStringsTooShortForAChecksum() {
        assertThrows(IllegalArgumentException.class, () -> Base58.decodeChecked(""));
        assertThrows(IllegalArgumentException.class, () -> Base58.decodeChecked("1112"));
    }

    /** Base58 by BigInteger division, to cross-check the byte-array algorithm. */
    private static String referenceEncode(byte[] data) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, data);
        BigInteger base = BigInteger.valueOf(58);
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(base);
            out.append(Base58.ALPHABET.charAt(qr[1].intValue()));
            value = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }
}
