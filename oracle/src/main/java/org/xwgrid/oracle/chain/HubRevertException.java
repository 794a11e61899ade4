package org.xwgrid.oracle.chain;

import java.util.List;

/**
 * A transaction the chain refused: the decoded reason ({@code error}, e.g.
 * {@code WorkerpoolMaxPriceBelowPrice}, or {@code Error} for a revert string), its arguments, and
 * the raw revert data. Nothing of the refused transaction happened.
 */
public final class HubRevertException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String error;
  private final List<String> args;
  private final String revertData;

  public HubRevertException(String action, String error, List<String> args, String revertData) {
    super(action + " refused: " + error + (args.isEmpty() ? "" : "(" + String.join(", ", args) + ")"));
    this.error = error;
    this.args = List.copyOf(args);
    this.revertData = revertData;
  }

  /** The error's name, e.g. {@code VolumeExhausted}. */
  public String error() {
    return error;
  }

  /** The error's arguments as {@code name=value}. */
  public List<String> args() {
    return args;
  }

  public String revertData() {
    return revertData;
  }
}
