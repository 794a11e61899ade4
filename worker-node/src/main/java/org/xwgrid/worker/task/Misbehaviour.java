package org.xwgrid.worker.task;

import java.util.Locale;
import org.xwgrid.common.Hashes;

/**
 * FOR TESTS ONLY ({@code --testing-misbehave}, {@code xwgrid.worker.testing.misbehave}): a worker
 * that breaks the reveal protocol of certified tasks, to exercise the dispatcher's reveal and
 * upload deadlines. It commits normally, lists its held replicas in heartbeats and forgets them
 * on {@code abort}; only what it does with a heartbeat answer's {@code reveal} and {@code upload}
 * lists changes:
 *
 * <ul>
 *   <li>{@link #NO_REVEAL}: ignores both, so it never reveals nor uploads;
 *   <li>{@link #NO_UPLOAD}: reveals when asked but ignores uploads;
 *   <li>{@link #BAD_REVEAL}: reveals a digest that is not the one it committed to ({@link
 *       #revealed}) and ignores uploads.
 * </ul>
 *
 * {@link #NONE} follows the protocol. Held results stay on disk as usual, so a worker restarted
 * without the flag over the same work dir reveals and uploads them when asked. Plain tasks are
 * never touched.
 */
public enum Misbehaviour {
  NONE,
  NO_REVEAL,
  NO_UPLOAD,
  BAD_REVEAL;

  /** Case-insensitive: {@code ""} (none), {@code no-reveal}, {@code no-upload} or {@code bad-reveal}. */
  public static Misbehaviour parse(String s) {
    if (s == null || s.isBlank()) {
      return NONE;
    }
    String v = s.trim().toLowerCase(Locale.ROOT);
    for (Misbehaviour m : values()) {
      if (m != NONE && m.toString().equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "testing misbehave mode '" + s + "' is not one of no-reveal, no-upload, bad-reveal");
  }

  /** Whether this worker breaks the protocol. */
  public boolean misbehaves() {
    return this != NONE;
  }

  /** Whether it answers a heartbeat's {@code reveal} list. */
  public boolean reveals() {
    return this != NO_REVEAL;
  }

  /** Whether it answers a heartbeat's {@code upload} list. */
  public boolean uploads() {
    return this == NONE;
  }

  /**
   * The digest it reveals for a result committed as {@code digest}: that digest, or for {@link
   * #BAD_REVEAL} {@code "0x" + sha256("bad " + digest)}, well-formed but not the committed one.
   */
  public String revealed(String digest) {
    return this == BAD_REVEAL ? "0x" + Hashes.sha256Hex("bad " + digest) : digest;
  }

  @Override
  public String toString() {
    return this == NONE ? "" : name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
