package org.xwgrid.apps.vanitygen;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 private keys, compressed public keys, P2PKH addresses and compressed-key WIF.
 *
 * <p>Private key → public point (BouncyCastle, fixed-point comb over the generator) → 33-byte
 * compressed encoding → SHA-256 → RIPEMD-160 → version byte {@code 0x00} → base58check.
 */
public final class BitcoinKeys {

    /** Version byte of mainnet pay-to-public-key-hash addresses. */
    public static final byte ADDRESS_VERSION = 0x00;
    /** Version byte of mainnet WIF private keys. */
    public static final byte WIF_VERSION = (byte) 0x80;
    /** Suffix byte marking a WIF key whose public key is used compressed. */
    public static final byte WIF_COMPRESSED_FLAG = 0x01;

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    /** Order n of the secp256k1 generator; valid private keys are 1 .. n-1. */
    public static final BigInteger CURVE_ORDER = CURVE.getN();

    private static final ECPoint GENERATOR = CURVE.getG();
    private static final ECMultiplier MULTIPLIER = new FixedPointCombMultiplier();
    private static final int KEY_LENGTH = 32;
    private static final int HASH160_LENGTH = 20;

    private BitcoinKeys() {
    }

    public static boolean isValidPrivateKey(BigInteger key) {
        return key.signum() > 0 && key.compareTo(CURVE_ORDER) < 0;
    }

    /** The 33-byte compressed SEC encoding of {@code key}·G. */
    public static byte[] compressedPublicKey(BigInteger key) {
        return compressedPublicKeys(new BigInteger[] {key})[0];
    }

    /**
     * Compressed public keys of several private keys at once. Converting a point to affine
     * coordinates costs a field inversion; doing the whole batch together shares one inversion.
     */
    public static byte[][] compressedPublicKeys(BigInteger[] keys) {
        ECPoint[] points = new ECPoint[keys.length];
        for (int i = 0; i < keys.length; i++) {
            requireValid(keys[i]);
            points[i] = MULTIPLIER.multiply(GENERATOR, keys[i]);
        }
        CURVE.getCurve().normalizeAll(points);
        byte[][] encoded = new byte[keys.length][];
        for (int i = 0; i < points.length; i++) {
            encoded[i] = points[i].getEncoded(true);
        }
        return encoded;
    }

    /** The P2PKH address of a (compressed or not) SEC-encoded public key. */
    public static String addressOfPublicKey(byte[] publicKey) {
        byte[] hash = Hashes.hash160(publicKey);
        byte[] payload = new byte[1 + HASH160_LENGTH];
        payload[0] = ADDRESS_VERSION;
        System.arraycopy(hash, 0, payload, 1, HASH160_LENGTH);
        return Base58.encodeChecked(payload);
    }

    /** The P2PKH address of {@code key}'s compressed public key. */
    public static String addressOfPrivateKey(BigInteger key) {
        return addressOfPublicKey(compressedPublicKey(key));
    }

    /** WIF of {@code key} for a compressed public key: base58check(0x80 ‖ 32-byte key ‖ 0x01). */
    public static String toWif(BigInteger key) {
        requireValid(key);
        byte[] payload = new byte[1 + KEY_LENGTH + 1];
        payload[0] = WIF_VERSION;
        System.arraycopy(toBytes32(key), 0, payload, 1, KEY_LENGTH);
        payload[payload.length - 1] = WIF_COMPRESSED_FLAG;
        return Base58.encodeChecked(payload);
    }

    /**
     * The private key of a compressed-key WIF.
     *
     * @throws IllegalArgumentException if {@code wif} is not base58check, has a bad checksum, is not
     *     a mainnet compressed-key WIF, or holds a key outside 1 .. n-1
     */
    public static BigInteger privateKeyOfWif(String wif) {
        byte[] payload = Base58.decodeChecked(wif);
        if (payload.length != 1 + KEY_LENGTH + 1
                || payload[0] != WIF_VERSION
                || payload[payload.length - 1] != WIF_COMPRESSED_FLAG) {
            throw new IllegalArgumentException("not a mainnet compressed-key WIF");
        }
        BigInteger key = new BigInteger(1, Arrays.copyOfRange(payload, 1, 1 + KEY_LENGTH));
        requireValid(key);
        return key;
    }

    /** The P2PKH address controlled by a compressed-key WIF; throws like {@link #privateKeyOfWif}. */
    public static String addressOfWif(String wif) {
        return addressOfPrivateKey(privateKeyOfWif(wif));
    }

    /** True for a well-formed mainnet P2PKH address: base58check, 21-byte payload, version 0x00. */
    public static boolean isValidAddress(String address) {
        try {
            byte[] payload = Base58.decodeChecked(address);
            return payload.length == 1 + HASH160_LENGTH && payload[0] == ADDRESS_VERSION;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code key} as exactly 32 big-endian bytes. */
    public static byte[] toBytes32(BigInteger key) {
        requireValid(key);
        byte[] raw = key.toByteArray();
        byte[] out = new byte[KEY_LENGTH];
        int copy = Math.min(raw.length, KEY_LENGTH);
        System.arraycopy(raw, raw.length - copy, out, KEY_LENGTH - copy, copy);
        return out;
    }

    private static void requireValid(BigInteger key) {
        if (!isValidPrivateKey(key)) {
            throw new IllegalArgumentException("private key out of range 1 .. n-1");
        }
    }
}
