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
 *   <li>{@code POST /api/v1/workers/{id}/reveals}: {@link RevealReport} → {@link ResultAck}: the
 *       reveals (and the upload) of certified tasks, when a heartbeat's answer asks for them.
 * </ul>
 *
 * <p>A certified task (its assignment has a {@code taskId}) follows Proof-of-Contribution
 * (docs/poco.md): the worker keeps its output, reports only a commitment ({@code resultHash},
 * {@code resultSeal}, never the digest), lists the replica in its heartbeats while it keeps it,
 * reveals the digest when {@link HeartbeatAck#reveal} names the replica, uploads the output when
 * {@link HeartbeatAck#upload} names it, and forgets it when {@link HeartbeatAck#abort} does.
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

  /**
   * Liveness: sent every heartbeat interval, with the replicas running on the worker and the
   * certified replicas whose output it keeps (contributed, not yet forgotten), and, for a
   * volunteer, its {@code activity} in one line (e.g. {@code paused 40s (owner active)}; null
   * for a dedicated worker).
   */
  record Heartbeat(List<ReplicaRef> running, String activity) implements CborSerializable {
    public Heartbeat {
      running = running == null ? List.of() : List.copyOf(running);
    }

    public Heartbeat(List<ReplicaRef> running) {
      this(running, null);
    }
  }

  /**
   * {@code abort}: replicas the worker must stop or forget (their job was cancelled, the task
   * finished elsewhere, their contribution lost); {@code reveal}: certified replicas whose digest
   * the worker must reveal now; {@code upload}: revealed replicas whose output it must upload.
   */
  record HeartbeatAck(List<ReplicaRef> abort, List<ReplicaRef> reveal, List<ReplicaRef> upload)
      implements CborSerializable {
    public HeartbeatAck {
      abort = abort == null ? List.of() : List.copyOf(abort);
      reveal = reveal == null ? List.of() : List.copyOf(reveal);
      upload = upload == null ? List.of() : List.copyOf(upload);
    }

    public HeartbeatAck(List<ReplicaRef> abort) {
      this(abort, List.of(), List.of());
    }
  }

  record WorkRequest(int maxTasks, long waitMs) implements CborSerializable {}

  /**
   * An app package. {@code native} (or null {@code kind}): {@code archive} is a zip of the app
   * folder and {@code entrypoint} runs inside it. {@code docker}: {@code archive} is a {@code
   * docker save} tar holding {@code image}; the container runs {@code entrypoint} (or, empty, the
   * image's entrypoint) with the task's arguments.
   */
  record AppPackage(String name, String version, DataRef archive, List<String> entrypoint, String kind, String image)
      implements CborSerializable {
    public static final String NATIVE = "native";
    public static final String DOCKER = "docker";

    public AppPackage(String name, String version, DataRef archive, List<String> entrypoint) {
      this(name, version, archive, entrypoint, NATIVE, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDocker() {
      return DOCKER.equals(kind);
    }
  }

  /**
   * One replica to run: {@code args} are the command-line arguments after the entrypoint,
   * {@code inputs} go into the input folder under their names, {@code ticket} lets this worker
   * download the app and the inputs ({@code GET /api/v1/data/{sha256}?ticket=...}).
   * {@code taskId} (0x + 64 hex) is set when the task is certified by Proof-of-Contribution: the
   * worker then commits to its result instead of reporting it (see above). {@code limits}: what
   * the task may use (null: the worker's defaults).
   */
  record Assignment(
      ReplicaRef replica,
      AppPackage app,
      List<String> args,
      List<DataRef> inputs,
      long timeoutMs,
      String ticket,
      String taskId,
      ChainTerms chain,
      TaskLimits limits)
      implements CborSerializable {
    public Assignment(
        ReplicaRef replica, AppPackage app, List<String> args, List<DataRef> inputs, long timeoutMs, String ticket,
        String taskId, ChainTerms chain) {
      this(replica, app, args, inputs, timeoutMs, ticket, taskId, chain, null);
    }

    public Assignment(
        ReplicaRef replica, AppPackage app, List<String> args, List<DataRef> inputs, long timeoutMs, String ticket) {
      this(replica, app, args, inputs, timeoutMs, ticket, null, null);
    }

    public Assignment(
        ReplicaRef replica, AppPackage app, List<String> args, List<DataRef> inputs, long timeoutMs, String ticket, String taskId) {
      this(replica, app, args, inputs, timeoutMs, ticket, taskId, null);
    }

    public Assignment withTicket(String ticket) {
      return new Assignment(replica, app, args, inputs, timeoutMs, ticket, taskId, chain, limits);
    }
  }

  /**
   * A certified task of an on-chain deal: the worker also signs its contribution and its reveal
   * for the hub at {@code hub} on chain {@code chainId}
   * ({@link org.xwgrid.common.crypto.RelaySignatures}), so that the pool's oracle relays them.
   */
  record ChainTerms(long chainId, String hub) implements CborSerializable {}

  record WorkBatch(List<Assignment> assignments) implements CborSerializable {}

  record StatusUpdate(ReplicaRef replica, ReplicaState state, String message)
      implements CborSerializable {}

  record StatusReport(List<StatusUpdate> updates) implements CborSerializable {}

  /**
   * The outcome of one replica. On success {@code result} is the uploaded zip of the output folder
   * and {@code resultDigest} the folder's digest ({@link org.xwgrid.common.Hashes#folderDigest}).
   * A certified task's success is a contribution instead: no result, no digest, but its
   * commitment {@code resultHash} and {@code resultSeal} ({@link
   * org.xwgrid.common.poco.ResultCommitment}, bound to the task id and the worker's address), and
   * for a task of an on-chain deal the worker's relay signature of it ({@code contributionSign}).
   * {@code cpuMs} and {@code peakMemoryBytes}: what the replica used, when the worker could
   * measure it. {@code withdrawn}: see {@link #withdrawn}.
   */
  record TaskReport(
      ReplicaRef replica,
      boolean success,
      DataRef result,
      String resultDigest,
      int exitCode,
      String error,
      long elapsedMs,
      String resultHash,
      String resultSeal,
      String contributionSign,
      Long cpuMs,
      Long peakMemoryBytes,
      boolean withdrawn)
      implements CborSerializable {
    public TaskReport(
        ReplicaRef replica, boolean success, DataRef result, String resultDigest, int exitCode, String error, long elapsedMs) {
      this(replica, success, result, resultDigest, exitCode, error, elapsedMs, null, null, null);
    }

    public TaskReport(
        ReplicaRef replica, boolean success, DataRef result, String resultDigest, int exitCode, String error, long elapsedMs,
        String resultHash, String resultSeal, String contributionSign) {
      this(replica, success, result, resultDigest, exitCode, error, elapsedMs, resultHash, resultSeal, contributionSign, null, null, false);
    }

    /**
     * The worker gives the replica back without running it to its end (its volunteer owner came
     * back, its disk is full): the dispatcher runs it elsewhere at once, and it does not count
     * as one of the task's failures.
     */
    public static TaskReport withdrawn(ReplicaRef replica, String reason, long elapsedMs) {
      return new TaskReport(replica, false, null, null, -1, reason, elapsedMs, null, null, null, null, null, true);
    }

    /** This report with what the replica used ({@code -1} = not measured, kept as null). */
    public TaskReport withUsage(long cpuMs, long peakMemoryBytes) {
      return new TaskReport(
          replica, success, result, resultDigest, exitCode, error, elapsedMs, resultHash, resultSeal, contributionSign,
          cpuMs < 0 ? null : cpuMs, peakMemoryBytes < 0 ? null : peakMemoryBytes, withdrawn);
    }

    /** A certified replica's successful contribution. */
    public static TaskReport contribution(
        ReplicaRef replica, int exitCode, long elapsedMs, String resultHash, String resultSeal) {
      return contribution(replica, exitCode, elapsedMs, resultHash, resultSeal, null);
    }

    /** ... with, for a task of an on-chain deal, the worker's relay signature of it. */
    public static TaskReport contribution(
        ReplicaRef replica, int exitCode, long elapsedMs, String resultHash, String resultSeal, String contributionSign) {
      return new TaskReport(replica, true, null, null, exitCode, null, elapsedMs, resultHash, resultSeal, contributionSign);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isContribution() {
      return resultHash != null || resultSeal != null;
    }
  }

  record ResultReport(List<TaskReport> reports) implements CborSerializable {}

  /**
   * A certified replica's reveal: the output folder's {@code digest}, which must reproduce the
   * replica's commitment; with {@code result} (the uploaded zip of the output folder) when the
   * dispatcher asked this worker to upload; with {@code revealSign}, the worker's relay signature,
   * for a task of an on-chain deal.
   */
  record Reveal(ReplicaRef replica, String digest, DataRef result, String revealSign) implements CborSerializable {
    public Reveal(ReplicaRef replica, String digest, DataRef result) {
      this(replica, digest, result, null);
    }
  }

  record RevealReport(List<Reveal> reveals) implements CborSerializable {}

  /**
   * Every replica named here is settled and must not be sent again: {@code accepted} counted, or
   * {@code ignored} because the task was already done, cancelled or the replica unknown.
   */
  record ResultAck(List<ReplicaRef> accepted, List<ReplicaRef> ignored)
      implements CborSerializable {}
}
