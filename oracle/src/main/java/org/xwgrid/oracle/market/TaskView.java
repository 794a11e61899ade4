package org.xwgrid.oracle.market;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.utils.Numeric;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.contracts.XwHub;

/**
 * A task as the hub has it, for people and scripts: its deal and index in it (null while unknown:
 * the hub knows them once the task is initialized), its status, deadlines (seconds since the
 * epoch, 0 while unset), consensus, contributors, and its results, read as {@link TaskResults}
 * when they are xwgrid's ({@code results}), else as they are ({@code rawResults}: text, or hex).
 */
public record TaskView(
    String taskId,
    String dealId,
    Long index,
    Status status,
    BigInteger contributionDeadline,
    BigInteger revealDeadline,
    BigInteger finalDeadline,
    String consensus,
    String resultDigest,
    List<String> contributors,
    long winners,
    long reveals,
    TaskResults results,
    String rawResults) {

  /** iExec's task statuses, in the hub's order. */
  public enum Status {
    UNSET,
    ACTIVE,
    REVEALING,
    COMPLETED,
    FAILED;

    /** Nothing more will happen to the task. */
    public boolean isFinal() {
      return this == COMPLETED || this == FAILED;
    }
  }

  /** The view of {@code task}, whose id is {@code taskId}. */
  public static TaskView of(String taskId, XwHub.Task task) {
    boolean known = task.status.signum() != 0;
    return of(taskId, known ? word(task.dealid) : null, known ? task.idx.longValueExact() : null, task);
  }

  /** The view of {@code task}, task {@code index} of the deal {@code dealId}. */
  public static TaskView of(String taskId, String dealId, Long index, XwHub.Task task) {
    TaskResults results = null;
    String raw = null;
    if (task.results != null && task.results.length > 0) {
      try {
        results = TaskResults.parse(task.results);
      } catch (IllegalArgumentException notOurs) {
        raw = text(task.results);
      }
    }
    return new TaskView(
        ChainValues.bytes32("task id", taskId),
        dealId,
        index,
        Status.values()[task.status.intValueExact()],
        task.contributionDeadline,
        task.revealDeadline,
        task.finalDeadline,
        word(task.consensusValue),
        word(task.resultDigest),
        task.contributors.stream().map(a -> ChainValues.address("contributor", a)).toList(),
        task.winnerCounter.longValueExact(),
        task.revealCounter.longValueExact(),
        results,
        raw);
  }

  /** A bytes32 as hex, or null when it is all zeros (unset). */
  private static String word(byte[] b) {
    String hex = Numeric.toHexString(b);
    return ChainValues.ZERO_BYTES32.equals(hex) ? null : hex;
  }

  /** UTF-8 text, or 0x-hex when the bytes are not UTF-8. */
  private static String text(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return Numeric.toHexString(bytes);
    }
  }
}
