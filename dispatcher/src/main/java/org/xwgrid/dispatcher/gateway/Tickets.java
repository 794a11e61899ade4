package org.xwgrid.dispatcher.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xwgrid.dispatcher.data.SecretFiles;

/**
 * Download tickets: a worker given a task of job J may read J's app and inputs. A ticket is
 * {@code J.<expiry ms>.<HMAC-SHA256(secret, worker|J|expiry)>}; the secret lives in the data dir,
 * so tickets stay valid across restarts without any stored state.
 */
public final class Tickets {
  private final byte[] secret;

  private Tickets(byte[] secret) {
    this.secret = secret;
  }

  public static Tickets load(Path dataDir) throws IOException {
    Path file = dataDir.resolve("ticket.secret");
    if (!Files.exists(file)) {
      byte[] s = new byte[32];
      new SecureRandom().nextBytes(s);
      SecretFiles.write(file, Base64.getEncoder().encodeToString(s));
    }
    return new Tickets(Base64.getDecoder().decode(Files.readString(file).trim()));
  }

  public String issue(String workerId, String jobId, long expiresAt) {
    return jobId + "." + expiresAt + "." + mac(workerId, jobId, expiresAt);
  }

  /** The job a valid, unexpired ticket of this worker names; null otherwise. */
  public String jobOf(String ticket, String workerId, long now) {
    if (ticket == null) {
      return null;
    }
    String[] p = ticket.split("\\.", -1);
    if (p.length != 3) {
      return null;
    }
    long expiry;
    try {
      expiry = Long.parseLong(p[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    boolean ok =
        expiry > now
            && MessageDigest.isEqual(
                mac(workerId, p[0], expiry).getBytes(StandardCharsets.US_ASCII), p[2].getBytes(StandardCharsets.US_ASCII));
    return ok ? p[0] : null;
  }

  private String mac(String workerId, String jobId, long expiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] m = mac.doFinal((workerId + "|" + jobId + "|" + expiry).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(m);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
