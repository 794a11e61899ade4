package org.xwgrid.oracle.chain;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks and normal forms of the values orders carry: addresses (20 bytes), bytes32 words and
 * byte strings as {@code 0x}-prefixed lower-case hex, amounts as non-negative integers below 2²⁵⁶.
 */
public final class ChainValues {
  public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
  public static final String ZERO_BYTES32 = "0x0000000000000000000000000000000000000000000000000000000000000000";
  private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);
  private static final HexFormat HEX = HexFormat.of();

  private ChainValues() {}

  /** An address as 0x + 40 lower-case hex digits. */
  public static String address(String what, String value) {
    return hex(what, value, 20);
  }

  /** A 32-byte word as 0x + 64 lower-case hex digits. */
  public static String bytes32(String what, String value) {
    return hex(what, value, 32);
  }

  /** Any byte string as 0x + lower-case hex ({@code null} or empty is {@code 0x}). */
  public static String bytes(String what, String value) {
    if (value == null || value.isEmpty()) {
      return "0x";
    }
    return "0x" + HEX.formatHex(parse(what, value));
  }

  /** A uint256. */
  public static BigInteger uint256(String what, BigInteger value) {
    if (value == null || value.signum() < 0 || value.compareTo(UINT256_LIMIT) >= 0) {
      throw new IllegalArgumentException(what + " must be an integer in [0, 2^256), not " + value);
    }
    return value;
  }

  /** The bytes of a 0x-prefixed (or bare) hex value. */
  public static byte[] toBytes(String value) {
    return parse("value", value);
  }

  static String hex(String what, String value, int length) {
    byte[] b = parse(what, value);
    if (b.length != length) {
      throw new IllegalArgumentException(what + " must be " + length + " bytes of hex, not \"" + value + "\"");
    }
    return "0x" + HEX.formatHex(b);
  }

  private static byte[] parse(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    String h = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
    try {
      return HEX.parseHex(h.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex: \"" + value + "\"", e);
    }
  }
}
