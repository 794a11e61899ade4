package org.xwgrid.oracle.follow;

import org.xwgrid.common.CborSerializable;

/**
 * The hub's events the oracle acts on, decoded from its logs (iExec's names and arguments); each
 * knows where it was logged ({@code block}, {@code logIndex}), which orders them.
 */
public sealed interface HubEvent extends CborSerializable {
  long block();

  long logIndex();

  record SchedulerNotice(long block, long logIndex, String workerpool, String dealId) implements HubEvent {}

  record TaskInitialize(long block, long logIndex, String taskId, String workerpool) implements HubEvent {}

  record TaskContribute(long block, long logIndex, String taskId, String worker, String hash) implements HubEvent {}

  record TaskConsensus(long block, long logIndex, String taskId, String consensus) implements HubEvent {}

  record TaskReveal(long block, long logIndex, String taskId, String worker, String digest) implements HubEvent {}

  record TaskReopen(long block, long logIndex, String taskId) implements HubEvent {}

  record TaskFinalize(long block, long logIndex, String taskId, String results) implements HubEvent {}

  record TaskClaimed(long block, long logIndex, String taskId) implements HubEvent {}
}
