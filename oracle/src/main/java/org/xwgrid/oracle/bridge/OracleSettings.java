package org.xwgrid.oracle.bridge;

import com.typesafe.config.Config;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;

/** Every {@code xwgrid.oracle} key, read once at start. */
public record OracleSettings(
    boolean enabled,
    String rpc,
    Path deployment,
    String workerpool,
    String keystore,
    int confirmations,
    long startBlock,
    int maxRange,
    Duration poll,
    Duration resendAfter,
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas,
    String jobOwner,
    String resultsUrl,
    Duration askTimeout) {

  public static OracleSettings create(Config root) {
    Config c = root.getConfig("xwgrid.oracle");
    return new OracleSettings(
        c.getBoolean("enabled"),
        c.getString("rpc"),
        Path.of(c.getString("deployment")),
        c.getString("workerpool").toLowerCase(java.util.Locale.ROOT),
        c.getString("keystore"),
        c.getInt("confirmations"),
        c.getLong("start-block"),
        c.getInt("max-range"),
        c.getDuration("poll"),
        c.getDuration("resend-after"),
        new BigInteger(c.getString("max-fee-per-gas")),
        new BigInteger(c.getString("max-priority-fee-per-gas")),
        c.getString("job-owner"),
        c.getString("results-url"),
        c.getDuration("ask-timeout"));
  }
}
