package org.xwgrid.dispatcher.account;

import java.security.SecureRandom;
import java.util.Base64;
import org.xwgrid.common.Hashes;

/**
 * API tokens: {@code u.<user>.<secret>} for users, {@code w.<workerId>.<secret>} for worker nodes,
 * with 256 random bits of secret. Only {@link #hash} of a token is stored; SHA-256 suffices since
 * the secret is random, not a password.
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Who a token claims to be, before it is verified against the stored hash. */
  public record Claim(boolean worker, String subject) {}

  private Tokens() {}

  public static String newUserToken(String user) {
    return "u." + user + "." + secret();
  }

  public static String newWorkerToken(String workerId) {
    return "w." + workerId + "." + secret();
  }

  public static String hash(String token) {
    return Hashes.sha256Hex(token);
  }

  /** The claimed subject, or null when the token is not of either form. */
  public static Claim parse(String token) {
    if (token == null || token.length() > 200) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty() || parts[2].length() < 20) {
      return null;
    }
    return switch (parts[0]) {
      case "u" -> new Claim(false, parts[1]);
      case "w" -> new Claim(true, parts[1]);
      default -> null;
    };
  }

  public static String secret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
