package org.xwgrid.common.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.xwgrid.common.CborSerializable;

/** The client API: JSON bodies of the gateway's {@code /api/v1/...} endpoints for users. */
public interface ClientApi {

  /**
   * {@code POST /api/v1/apps}: register an app. A {@code native} app's {@code archive} is the
   * uploaded zip of its folder and {@code entrypoint} runs inside it ({@code {app}} = its folder).
   * A {@code docker} app names its {@code image} and ships it as {@code archive}, a {@code docker
   * save} tar (there is no registry: workers load it); its {@code entrypoint} becomes the
   * container's command before the task's arguments, or, empty, the image's own entrypoint takes
   * the arguments. Docker apps run only on workers with the {@code docker} capability tag.
   */
  record AppRequest(
      String name,
      String version,
      String kind,
      DataRef archive,
      List<String> entrypoint,
      Requirements requirements,
      String description,
      String image)
      implements CborSerializable {
    public AppRequest(
        String name, String version, String kind, DataRef archive, List<String> entrypoint, Requirements requirements, String description) {
      this(name, version, kind, archive, entrypoint, requirements, description, null);
    }
  }

  record AppView(
      String name,
      String version,
      String kind,
      DataRef archive,
      List<String> entrypoint,
      Requirements requirements,
      String description,
      String owner,
      Instant registeredAt,
      String image)
      implements CborSerializable {
    public AppView(
        String name, String version, String kind, DataRef archive, List<String> entrypoint, Requirements requirements,
        String description, String owner, Instant registeredAt) {
      this(name, version, kind, archive, entrypoint, requirements, description, owner, registeredAt, null);
    }
  }

  record AppList(List<AppView> apps) implements CborSerializable {}

  /**
   * {@code POST /api/v1/jobs}. Each task gets {@code --KEY=VALUE} for every entry of {@code args}
   * (in order), where {@code {index}} in a value becomes the task's index. With {@code sweep}, the
   * tasks are the cartesian product of its value lists (then {@code tasks} may be 0 or the product
   * size), and each task gets {@code --KEY=VALUE} for its values too.
   *
   * <p>{@code trust} (≥ 1) certifies every task by Proof-of-Contribution (docs/poco.md): replicas
   * on distinct workers until the credibility of one result reaches 1 − 1/trust; without it a
   * task runs once, uncertified. {@code category} (a name from the dispatcher's categories,
   * default its default category) sets the certified task's deadlines. {@code price} is what the
   * requester pays per certified task in credits, locked at submit (402 when the account cannot).
   * {@code limits} caps what each task may use on its worker (memory, CPU, processes).
   */
  record JobRequest(
      String app,
      String name,
      int tasks,
      Map<String, String> args,
      Map<String, List<String>> sweep,
      List<DataRef> inputs,
      Long timeoutSeconds,
      Integer maxFailures,
      Requirements requirements,
      Integer trust,
      String category,
      Long price,
      TaskLimits limits)
      implements CborSerializable {
    public JobRequest(
        String app,
        String name,
        int tasks,
        Map<String, String> args,
        Map<String, List<String>> sweep,
        List<DataRef> inputs,
        Long timeoutSeconds,
        Integer maxFailures,
        Requirements requirements) {
      this(app, name, tasks, args, sweep, inputs, timeoutSeconds, maxFailures, requirements, null, null, null, null);
    }
  }

  record JobView(
      String id,
      String name,
      String owner,
      String app,
      String state,
      int tasks,
      Map<String, Integer> counts,
      Instant submittedAt,
      Instant finishedAt,
      int trust,
      String category,
      long price)
      implements CborSerializable {}

  record JobList(List<JobView> jobs) implements CborSerializable {}

  /**
   * One task. {@code phase} is what the worker last reported of a RUNNING task's current replica
   * (DOWNLOADING, COMPUTING, UPLOADING), null otherwise. {@code poco} is set for a certified task.
   * {@code cpuMs} and {@code peakMemoryBytes}: what the completed replica used, as its worker
   * measured it (null when it could not).
   */
  record TaskView(
      int index,
      String state,
      int attempts,
      String worker,
      List<String> args,
      DataRef result,
      String resultDigest,
      List<String> errors,
      String phase,
      PocoView poco,
      Long cpuMs,
      Long peakMemoryBytes)
      implements CborSerializable {
    public TaskView(
        int index, String state, int attempts, String worker, List<String> args, DataRef result, String resultDigest,
        List<String> errors, String phase, PocoView poco) {
      this(index, state, attempts, worker, args, result, resultDigest, errors, phase, poco, null, null);
    }
  }

  /**
   * A certified task's Proof-of-Contribution: its {@code taskId}, its {@code phase} (OPEN,
   * REVEALING, FINALIZED, FAILED), the leading result's credibility against the {@code threshold}
   * 1 − 1/trust, the consensus hash once reached, the worker chosen to upload, and every replica.
   */
  record PocoView(
      String taskId,
      String phase,
      double credibility,
      double threshold,
      String leader,
      String consensusHash,
      String uploader,
      List<ReplicaView> replicas)
      implements CborSerializable {}

  /**
   * One replica of a certified task: its attempt number, worker and address, its status
   * (ASSIGNED, CONTRIBUTED, REVEALED, FAILED), its commitment's {@code resultHash} and the weight
   * its contribution counted with (0 before it contributed).
   */
  record ReplicaView(int attempt, String worker, String address, String status, String resultHash, long weight)
      implements CborSerializable {}

  record TaskList(String jobId, List<TaskView> tasks) implements CborSerializable {}

  /** {@code POST /api/v1/users} (admin): role is one of worker, standard, admin. */
  record UserRequest(String name, String role) implements CborSerializable {}

  /** The token is shown only here, once; the dispatcher keeps only its hash. */
  record UserCreated(String name, String role, String token) implements CborSerializable {}

  record WorkerView(
      String id,
      String name,
      String owner,
      String status,
      Capabilities capabilities,
      int slots,
      int running,
      Instant lastSeen,
      Instant registeredAt,
      List<String> history,
      String address,
      long score,
      String activity)
      implements CborSerializable {
    public WorkerView(
        String id, String name, String owner, String status, Capabilities capabilities, int slots, int running,
        Instant lastSeen, Instant registeredAt, List<String> history, String address, long score) {
      this(id, name, owner, status, capabilities, slots, running, lastSeen, registeredAt, history, address, score, null);
    }
  }

  record WorkerList(List<WorkerView> workers) implements CborSerializable {}

  /**
   * A ledger account of credits (the grid's unit of payment): {@code user:<name>} for users,
   * {@code worker:<id>} for workers, {@code pool} for the scheduler; {@code locked} is held for
   * running jobs or as stakes.
   */
  record AccountView(String account, long balance, long locked) implements CborSerializable {}

  /** Every account with credits, and their sum (deposits minus withdrawals). */
  record AccountList(List<AccountView> accounts, long total) implements CborSerializable {}

  /**
   * Credits an admin adds to a user's account. {@code key}, if given, makes the deposit
   * idempotent: a retry with the same key adds nothing.
   */
  record DepositRequest(long amount, String key) implements CborSerializable {}

  /** Every 4xx/5xx body. */
  record ErrorView(int status, String error, String message) implements CborSerializable {}
}
