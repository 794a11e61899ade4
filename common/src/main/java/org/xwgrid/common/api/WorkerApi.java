package org.xwgrid.common.api;

import java.util.List;
import org.xwgrid.common.CborSerializable;

/**
 * The worker protocol: JSON bodies of the gateway's {@code /api/v1/workers/...} endpoints.
 *
 * <ul>
 *   <li>{@code POST /api/v1/workers/register} with an enrolment token (a user of role worker or
 *       admin): {@link Register} → {@link Registered}. The worker keeps the returned token and id;
 *       every other call uses {@code Authorization: Bearer <workerToken>}.
 *   <li>{@code POST /api/v1/workers/{id}/heartbeat}: {@link Heartbeat} → {@link HeartbeatAck}.
 *   <li>{@code POST /api/v1/workers/{id}/work}: {@link WorkRequest} → {@link WorkBatch}; a long poll
 *       that answers as soon as work is there, or empty after {@code waitMs}.
 *   <li>{@code POST /api/v1/workers/{id}/status}: {@link StatusReport} → 204.
 *   <li>{@code POST /api/v1/workers/{id}/results}: {@link ResultReport} → {@link ResultAck}. Result
 *       archives are uploaded first with {@code PUT /api/v1/data/{sha256}}.
 * </ul>
 */
public interface WorkerApi {

  /** First contact, or a re-registration after a restart when {@code workerId} is set. */
  /** {@code address}: the worker's secp256k1 address (0x + 40 hex), its identity in PoCo. */
  record Register(String workerId, String name, Capabilities capabilities, int slots, String address)
      implements CborSerializable {}

  /** {@code workerToken} is only sent on first registration; keep it. */
  record Registered(
      String workerId, String workerToken, long heartbeatIntervalMs, long heartbeatTimeoutMs)
      implements CborSerializable {}

  /** Liveness: sent every heartbeat interval, with the replicas running on the worker. */
  record Heartbeat(List<ReplicaRef> running) implements CborSerializable {
    public Heartbeat {
      running = running == null ? List.of() : List.copyOf(running);
    }
  }

  /** Replicas the worker must stop: their job was cancelled or the task finished elsewhere. */
  record HeartbeatAck(List<ReplicaRef> abort) implements CborSerializable {}

  record WorkRequest(int maxTasks, long waitMs) implements CborSerializable {}

  /** An app package: a zip of the app folder; {@code entrypoint} runs inside it. */
  record AppPackage(String name, String version, DataRef archive, List<String> entrypoint)
      implements CborSerializable {}

  /**
   * One replica to run: {@code args} are the command-line arguments after the entrypoint,
   * {@code inputs} go into the input folder under their names, {@code ticket} lets this worker
   * download the app and the inputs ({@code GET /api/v1/data/{sha256}?ticket=...}).
   */
  record Assignment(
      ReplicaRef replica,
      AppPackage app,
      List<String> args,
      List<DataRef> inputs,
      long timeoutMs,
      String ticket)
      implements CborSerializable {}

  record WorkBatch(List<Assignment> assignments) implements CborSerializable {}

  record StatusUpdate(ReplicaRef replica, ReplicaState state, String message)
      implements CborSerializable {}

  record StatusReport(List<StatusUpdate> updates) implements CborSerializable {}

  /**
   * The outcome of one replica. On success {@code result} is the uploaded zip of the output folder
   * and {@code resultDigest} the folder's digest ({@link org.xwgrid.common.Hashes#folderDigest}).
   */
  record TaskReport(
      ReplicaRef replica,
      boolean success,
      DataRef result,
      String resultDigest,
      int exitCode,
      String error,
      long elapsedMs)
      implements CborSerializable {}

  record ResultReport(List<TaskReport> reports) implements CborSerializable {}

  /**
   * Every replica named here is settled and must not be sent again: {@code accepted} counted, or
   * {@code ignored} because the task was already done, cancelled or the replica unknown.
   */
  record ResultAck(List<ReplicaRef> accepted, List<ReplicaRef> ignored)
      implements CborSerializable {}
}
