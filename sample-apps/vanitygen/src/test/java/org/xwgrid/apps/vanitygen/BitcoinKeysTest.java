package org.xwgrid.apps.vanitygen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.junit.jupiter.api.Test;

class BitcoinKeysTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger N = BitcoinKeys.CURVE_ORDER;

    /** The generic (non-custom) curve and double-and-add multiplication: an independent reference. */
    private static final ECNamedCurveParameterSpec REFERENCE = ECNamedCurveTable.getParameterSpec("secp256k1");

    @Test
    void shouldDeriveThePublishedAddressAndWifOfKeyOne() {
        BigInteger one = BigInteger.ONE;
        byte[] publicKey = BitcoinKeys.compressedPublicKey(one);
        assertEquals("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", HEX.formatHex(publicKey));
        assertEquals("751e76e8199196d454941c45d1b3a323f1433bd6", HEX.formatHex(Hashes.hash160(publicKey)));
        assertEquals("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", BitcoinKeys.addressOfPrivateKey(one));
        assertEquals("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn", BitcoinKeys.toWif(one));
        assertEquals("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH",
                BitcoinKeys.addressOfWif("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"));
    }

    @Test
    void shouldRejectTheMistypedKeyOneWifThatCirculates() {
        // Differs from the real WIF of key 1 after "VrZi"; its checksum does not match.
        assertThrows(IllegalArgumentException.class,
                () -> Base58.decodeChecked("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi8qYjgd9M7rw9EfPtqRL2X"));
    }

    @Test
    void shouldAgreeWithBouncyCastleReferenceMultiplication() {
        Random random = new Random(7);
        BigInteger[] keys = new BigInteger[40];
        keys[0] = BigInteger.ONE;
        keys[1] = BigInteger.TWO;
        keys[2] = N.subtract(BigInteger.ONE);
        for (int i = 3; i < keys.length; i++) {
            keys[i] = new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        }
        byte[][] batch = BitcoinKeys.compressedPublicKeys(keys);
        for (int i = 0; i < keys.length; i++) {
            byte[] expected = REFERENCE.getG().multiply(keys[i]).normalize().getEncoded(true);
            assertArrayEquals(expected, batch[i], "key " + keys[i]);
            assertArrayEquals(expected, BitcoinKeys.compressedPublicKey(keys[i]), "key " + keys[i]);
        }
    }

    @Test
    void shouldRoundTripWif() {
        Random random = new Random(11);
        for (int i = 0; i < 50; i++) {
            BigInteger key = new BigInteger(256, random).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            String wif = BitcoinKeys.toWif(key);
            assertEquals(52, wif.length());
            assertTrue(wif.startsWith("K") || wif.startsWith("L"), wif);
            assertEquals(key, BitcoinKeys.privateKeyOfWif(wif));
        }
        BigInteger last = N.subtract(BigInteger.ONE);
        assertEquals(last, BitcoinKeys.privateKeyOfWif(BitcoinKeys.toWif(last)));
    }

    @Test
    void shouldRejectWifThatIsNotMainnetCompressed() {
        String uncompressed = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ";
        assertEquals(33, Base58.decodeChecked(uncompressed).length);
        assertThrows(IllegalArgumentException.class, () -> BitcoinKeys.privateKeyOfWif(uncompressed));

        byte[] testnet = Base58.decodeChecked(BitcoinKeys.toWif(BigInteger.TEN));
        testnet[0] = (byte) 0xef;
        assertThrows(IllegalArgumentException.class, () -> BitcoinKeys.privateKeyOfWif(Base58.encodeChecked(testnet)));

        byte[] zeroKey = new byte[34];
        zeroKey[0] = BitcoinKeys.WIF_VERSION;
        zeroKey[33] = BitcoinKeys.WIF_COMPRESSED_FLAG;
        assertThrows(IllegalArgumentException.class, () -> BitcoinKeys.privateKeyOfWif(Base58.encodeChecked(zeroKey)));

        String wif = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn";
        assertThrows(IllegalArgumentException.class, () -> BitcoinKeys.addressOfWif(wif.replace('Q', 'R')));
    }

    @Test
    void shouldRejectPrivateKeysOutsideTheCurveOrder() {
        assertThrows(IllegalArgumentException.class, () -> BitcoinKeys.toWif(BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> BitcoinKeys.toWif(N));
        assertThrows(IllegalArgumentException.class, () -> BitcoinKeys.compressedPublicKey(N));
        assertThrows(IllegalArgumentException.class, () -> BitcoinKeys.compressedPublicKey(BigInteger.ONE.negate()));
        assertFalse(BitcoinKeys.isValidPrivateKey(N));
        assertTrue(BitcoinKeys.isValidPrivateKey(N.subtract(BigInteger.ONE)));
    }

    @Test
    void shouldEncodeSmallKeysAsThirtyTwoBytes() {
        byte[] bytes = BitcoinKeys.toBytes32(BigInteger.ONE);
        assertEquals(32, bytes.length);
        assertEquals(1, bytes[31]);
        assertArrayEquals(N.subtract(BigInteger.ONE).toByteArray(), prependZero(BitcoinKeys.toBytes32(N.subtract(BigInteger.ONE))));
    }

    @Test
    void shouldTellValidAddressesFromInvalidOnes() {
        assertTrue(BitcoinKeys.isValidAddress("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"));
        assertTrue(BitcoinKeys.isValidAddress("16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM"));
        // A base58 test vector, not an address: its last four bytes are not a checksum.
        assertFalse(BitcoinKeys.isValidAddress("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"));
        assertFalse(BitcoinKeys.isValidAddress("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMh"));
        assertFalse(BitcoinKeys.isValidAddress("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAM0"));
        assertFalse(BitcoinKeys.isValidAddress(""));
        assertFalse(BitcoinKeys.isValidAddress("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"));
        byte[] p2sh = Base58.decodeChecked("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH");
        p2sh[0] = 0x05;
        assertFalse(BitcoinKeys.isValidAddress(Base58.encodeChecked(p2sh)));
    }

    private static byte[] prependZero(byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }
}
