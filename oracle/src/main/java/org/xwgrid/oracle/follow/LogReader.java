package org.xwgrid.oracle.follow;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.Contract;
import org.web3j.utils.Numeric;
import org.xwgrid.oracle.contracts.XwHub;

/**
 * Reads the hub's logs of a range of blocks with {@code eth_getLogs} (never a node-side filter,
 * which a node restart forgets) and decodes the events the oracle acts on. Asynchronous.
 */
public final class LogReader {
  private static final Map<String, Event> EVENTS =
      Map.of(
          EventEncoder.encode(XwHub.SCHEDULERNOTICE_EVENT), XwHub.SCHEDULERNOTICE_EVENT,
          EventEncoder.encode(XwHub.TASKINITIALIZE_EVENT), XwHub.TASKINITIALIZE_EVENT,
          EventEncoder.encode(XwHub.TASKCONTRIBUTE_EVENT), XwHub.TASKCONTRIBUTE_EVENT,
          EventEncoder.encode(XwHub.TASKCONSENSUS_EVENT), XwHub.TASKCONSENSUS_EVENT,
          EventEncoder.encode(XwHub.TASKREVEAL_EVENT), XwHub.TASKREVEAL_EVENT,
          EventEncoder.encode(XwHub.TASKREOPEN_EVENT), XwHub.TASKREOPEN_EVENT,
          EventEncoder.encode(XwHub.TASKFINALIZE_EVENT), XwHub.TASKFINALIZE_EVENT,
          EventEncoder.encode(XwHub.TASKCLAIMED_EVENT), XwHub.TASKCLAIMED_EVENT);

  private final Web3j web3j;
  private final String hub;

  public LogReader(Web3j web3j, String hub) {
    this.web3j = web3j;
    this.hub = hub;
  }

  /** The chain's latest block number. */
  public CompletionStage<Long> head() {
    return web3j.ethBlockNumber().sendAsync().thenApply(r -> r.getBlockNumber().longValueExact());
  }

  /** The hub's events in {@code range}, in the order they were logged. */
  public CompletionStage<List<HubEvent>> read(LogCursor.Range range) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(range.from())),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(range.to())),
            hub);
    return web3j.ethGetLogs(filter)
        .sendAsync()
        .thenApply(
            r -> {
              if (r.hasError()) {
                throw new IllegalStateException("eth_getLogs " + range + ": " + r.getError().getMessage());
              }
              List<HubEvent> out = new ArrayList<>();
              for (EthLog.LogResult<?> x : r.getLogs()) {
                decode((Log) x.get()).ifPresent(out::add);
              }
              out.sort(Comparator.comparingLong(HubEvent::block).thenComparingLong(HubEvent::logIndex));
              return out;
            });
  }

  /** The event a log holds, if it is one the oracle acts on. */
  static Optional<HubEvent> decode(Log log) {
    if (log.getTopics().isEmpty() || log.isRemoved()) {
      return Optional.empty();
    }
    Event event = EVENTS.get(log.getTopics().get(0));
    if (event == null) {
      return Optional.empty();
    }
    var values = Contract.staticExtractEventParameters(event, log);
    List<Type> indexed = values.getIndexedValues();
    List<Type> data = values.getNonIndexedValues();
    long block = log.getBlockNumber().longValueExact();
    long index = log.getLogIndex().longValueExact();
    String name = event.getName();
    switch (name) {
      case "SchedulerNotice":
        return Optional.of(new HubEvent.SchedulerNotice(block, index, address(indexed.get(0)), bytes(data.get(0))));
      case "TaskInitialize":
        return Optional.of(new HubEvent.TaskInitialize(block, index, bytes(indexed.get(0)), address(indexed.get(1))));
      case "TaskContribute":
        return Optional.of(new HubEvent.TaskContribute(block, index, bytes(indexed.get(0)), address(indexed.get(1)), bytes(data.get(0))));
      case "TaskConsensus":
        return Optional.of(new HubEvent.TaskConsensus(block, index, bytes(indexed.get(0)), bytes(data.get(0))));
      case "TaskReveal":
        return Optional.of(new HubEvent.TaskReveal(block, index, bytes(indexed.get(0)), address(indexed.get(1)), bytes(data.get(0))));
      case "TaskReopen":
        return Optional.of(new HubEvent.TaskReopen(block, index, bytes(indexed.get(0))));
      case "TaskFinalize":
        return Optional.of(new HubEvent.TaskFinalize(block, index, bytes(indexed.get(0)), bytes(data.get(0))));
      default:
        return Optional.of(new HubEvent.TaskClaimed(block, index, bytes(indexed.get(0))));
    }
  }

  private static String address(Type<?> t) {
    return t.getValue().toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static String bytes(Type<?> t) {
    return Numeric.toHexString((byte[]) t.getValue());
  }
}
