package org.xwgrid.common.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.xwgrid.common.CborSerializable;

/** The client API: JSON bodies of the gateway's {@code /api/v1/...} endpoints for users. */
public interface ClientApi {

  /** {@code POST /api/v1/apps}: register a native app whose zip was uploaded as {@code archive}. */
  record AppRequest(
      String name,
      String version,
      String kind,
      DataRef archive,
      List<String> entrypoint,
      Requirements requirements,
      String description)
      implements CborSerializable {}

  record AppView(
      String name,
      String version,
      String kind,
      DataRef archive,
      List<String> entrypoint,
      Requirements requirements,
      String description,
      String owner,
      Instant registeredAt)
      implements CborSerializable {}

  record AppList(List<AppView> apps) implements CborSerializable {}

  /**
   * {@code POST /api/v1/jobs}. Each task gets {@code --KEY=VALUE} for every entry of {@code args}
   * (in order), where {@code {index}} in a value becomes the task's index. With {@code sweep}, the
   * tasks are the cartesian product of its value lists (then {@code tasks} may be 0 or the product
   * size), and each task gets {@code --KEY=VALUE} for its values too.
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
      Requirements requirements)
      implements CborSerializable {}

  record JobView(
      String id,
      String name,
      String owner,
      String app,
      String state,
      int tasks,
      Map<String, Integer> counts,
      Instant submittedAt,
      Instant finishedAt)
      implements CborSerializable {}

  record JobList(List<JobView> jobs) implements CborSerializable {}

  /**
   * One task. {@code phase} is what the worker last reported of a RUNNING task's current replica
   * (DOWNLOADING, COMPUTING, UPLOADING), null otherwise.
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
      String phase)
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
      long score)
      implements CborSerializable {}

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
