package org.xwgrid.common.poco;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A task category: its period T, from which PoCo's deadlines follow (contribution at start + 7T,
 * reveal at consensus + 2T, final at start + 10T). iExec's categories are XS 300 s, S 1 200 s,
 * M 3 600 s, L 10 800 s, XL 36 000 s; a private grid may define its own periods (seconds instead of
 * hours), see {@link #of(String, Duration)}.
 */
public record Category(String name, Duration period) {
  public static final Category XS = new Category("XS", Duration.ofSeconds(300));
  public static final Category S = new Category("S", Duration.ofSeconds(1200));
  public static final Category M = new Category("M", Duration.ofSeconds(3600));
  public static final Category L = new Category("L", Duration.ofSeconds(10800));
  public static final Category XL = new Category("XL", Duration.ofSeconds(36000));

  public Category {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a category has a name");
    }
    if (period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("category " + name + " needs a positive period, not " + period);
    }
  }

  public static Category of(String name, Duration period) {
    return new Category(name, period);
  }

  /** iExec's standard category of that name (case-insensitive). */
  public static Category standard(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "XS" -> XS;
      case "S" -> S;
      case "M" -> M;
      case "L" -> L;
      case "XL" -> XL;
      default -> throw new IllegalArgumentException("unknown category " + name + " (XS, S, M, L or XL)");
    };
  }

  /** The last moment a contribution is accepted: start + 7T. */
  public Instant contributionDeadline(Instant start) {
    return start.plus(period.multipliedBy(7));
  }

  /** The last moment to reveal: consensus + 2T. */
  public Instant revealDeadline(Instant consensus) {
    return consensus.plus(period.multipliedBy(2));
  }

  /** Past this, an unfinished task fails and the requester is refunded: start + 10T. */
  public Instant finalDeadline(Instant start) {
    return start.plus(period.multipliedBy(10));
  }
}
