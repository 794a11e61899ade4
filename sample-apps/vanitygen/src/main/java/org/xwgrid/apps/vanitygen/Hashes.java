package org.xwgrid.apps.vanitygen;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/** The hash functions Bitcoin addresses are built from. Each call uses fresh digest objects, so this is thread-safe. */
final class Hashes {

    private Hashes() {
    }

    static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    /** SHA-256 applied twice, as used by base58check checksums. */
    static byte[] doubleSha256(byte[] data) {
        MessageDigest sha = newSha256();
        return sha.digest(sha.digest(data));
    }

    /** RIPEMD-160 of SHA-256: the 20-byte hash a P2PKH address commits to. */
    static byte[] hash160(byte[] data) {
        byte[] sha = sha256(data);
        RIPEMD160Digest ripemd = new RIPEMD160Digest();
        ripemd.update(sha, 0, sha.length);
        byte[] out = new byte[ripemd.getDigestSize()];
        ripemd.doFinal(out, 0);
        return out;
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
