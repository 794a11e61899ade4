package org.xwgrid.dispatcher.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.Reveal;
import org.xwgrid.common.api.WorkerApi;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.crypto.RelaySignatures;
import org.xwgrid.common.poco.Ledger;
import org.xwgrid.common.poco.Poco;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.common.poco.Settlement;
import org.xwgrid.dispatcher.job.JobState.Contribution;
import org.xwgrid.dispatcher.job.JobState.Event;
import org.xwgrid.dispatcher.job.JobState.ReplicaFailure;
import org.xwgrid.dispatcher.job.JobState.RevealEntry;
import org.xwgrid.dispatcher.job.ReplicatedTask.Phase;
import org.xwgrid.dispatcher.job.ReplicatedTask.Replica;
import org.xwgrid.dispatcher.job.ReplicatedTask.ReplicaStatus;

/**
 * The decisions of a certified job (docs/poco.md), pure: given the job's state, a worker's words
 * and the time, which events to journal and what to answer. {@link JobEntity} journals them and
 * does the talking (ledger, worker scores, scheduler).
 */
final class CertifiedTasks {
  private CertifiedTasks() {}

  /** The ledger account of the scheduler's share (the pool). */
  static final String POOL = "pool";

  static String userAccount(String user) {
    return "user:" + user;
  }

  // ---- assignment ---------------------------------------------------------------------------

  /**
   * The tasks this worker gets out of {@code asked}: never one it already has a replica of, only
   * while the prediction still wants replicas; when some of the asked ones cannot go to it, other
   * tasks of the job that want a replica take their place. A worker without an address gets none,
   * and one holds at most {@code slots} running replicas of the job (when {@code slots} > 0): a
   * replica queued on a busy worker would hold its task back, counted as pending.
   */
  static List<Integer> tasksFor(JobState s, String workerId, String address, int slots, List<Integer> asked, long now) {
    List<Integer> take = new ArrayList<>();
    if (!s.schedulable() || address == null) {
      return take;
    }
    int room = slots > 0 ? slots - s.runningOn(workerId).size() : Integer.MAX_VALUE;
    Set<Integer> wanted = new LinkedHashSet<>();
    for (int i : asked) {
      if (i >= 0 && i < s.size() && wanted.size() < room) {
        wanted.add(i);
      }
    }
    for (int i : wanted) {
      if (s.canAssignCertified(i, workerId, now)) {
        take.add(i);
      }
    }
    if (take.size() < wanted.size()) {
      for (int i : s.ready(now)) {
        if (take.size() >= wanted.size()) {
          break;
        }
        if (!take.contains(i) && s.canAssignCertified(i, workerId, now)) {
          take.add(i);
        }
      }
    }
    return take;
  }

  // ---- contributions ------------------------------------------------------------------------

  /** What to do with a worker's reports on certified replicas. */
  record Judgement(
      List<Contribution> contributions, List<ReplicaFailure> failures, List<ReplicaRef> accepted, List<ReplicaRef> ignored) {}

  static Judgement judgeReports(JobState s, String jobId, String workerId, long score, List<TaskReport> reports, long now) {
    List<Contribution> contributions = new ArrayList<>();
    List<ReplicaFailure> failures = new ArrayList<>();
    List<ReplicaRef> accepted = new ArrayList<>();
    List<ReplicaRef> ignored = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (TaskReport r : reports) {
      ReplicaRef ref = r.replica();
      Replica replica = replicaOf(s, jobId, workerId, ref);
      if (replica == null || !seen.add(ref.taskIndex())) {
        ignored.add(ref);
        continue;
      }
      ReplicatedTask p = s.task(ref.taskIndex()).poco();
      if (replica.status() != ReplicaStatus.ASSIGNED) {
        // a resent contribution already counted is acknowledged again; anything else is stale
        boolean again = r.isContribution() && r.resultHash() != null && r.resultHash().equalsIgnoreCase(replica.resultHash());
        (again ? accepted : ignored).add(ref);
        continue;
      }
      String no = null;
      if (!r.success()) {
        no = (r.error() == null || r.error().isBlank() ? "failed" : r.error()) + " (exit " + r.exitCode() + ")";
      } else if (!r.isContribution() || r.result() != null || r.resultDigest() != null) {
        no = "a certified task's report must be a commitment (resultHash and resultSeal), never a result or a digest";
      } else if (!isBytes32(r.resultHash()) || !isBytes32(r.resultSeal())) {
        no = "resultHash and resultSeal must be 32 bytes of hex";
      } else if (!relayable(s, p.taskId(), r, replica.address())) {
        no = "a contribution to an on-chain deal needs the worker's relay signature of it (contributionSign)";
      } else {
        no = p.contributionRefusal(workerId, now);
      }
      if (no != null) {
        failures.add(new ReplicaFailure(ref.taskIndex(), ref.attempt(), no.length() > 2000 ? no.substring(0, 2000) : no));
      } else {
        contributions.add(new Contribution(
            ref.taskIndex(), ref.attempt(), lower(r.resultHash()), lower(r.resultSeal()), Poco.weight(score), r.contributionSign()));
      }
      accepted.add(ref);
    }
    return new Judgement(contributions, failures, accepted, ignored);
  }

  /** The worker's replica named by {@code ref} in a certified task, or null. */
  private static Replica replicaOf(JobState s, String jobId, String workerId, ReplicaRef ref) {
    int i = ref.taskIndex();
    if (!s.exists() || !jobId.equals(ref.jobId()) || i < 0 || i >= s.size()) {
      return null;
    }
    JobState.Task t = s.task(i);
    if (t.poco() == null || !workerId.equals(t.workerOfAttempt(ref.attempt())) || t.attemptOf(workerId) != ref.attempt()) {
      return null; // not this worker's, or an earlier replica its latest one replaced
    }
    return t.poco().replica(workerId);
  }

  /** Off chain always; for an on-chain deal, when the worker signed its contribution for the relay. */
  private static boolean relayable(JobState s, String taskId, TaskReport r, String address) {
    WorkerApi.ChainTerms chain = s.spec().chain();
    return chain == null
        || signedBy(
            new RelaySignatures(chain.chainId(), chain.hub())
                .digest(RelaySignatures.contributionHash(taskId, r.resultHash(), r.resultSeal(), null)),
            r.contributionSign(),
            address);
  }

  /** Off chain always; for an on-chain deal, when the worker signed this reveal for the relay. */
  private static boolean relayable(JobState s, String taskId, Reveal r, String address) {
    WorkerApi.ChainTerms chain = s.spec().chain();
    return chain == null
        || signedBy(
            new RelaySignatures(chain.chainId(), chain.hub()).digest(RelaySignatures.revealHash(taskId, r.digest())),
            r.revealSign(),
            address);
  }

  private static boolean signedBy(byte[] digest, String signature, String address) {
    try {
      return signature != null && RelaySignatures.signer(digest, signature).equalsIgnoreCase(address);
    } catch (IllegalArgumentException notASignature) {
      return false;
    }
  }

  private static boolean isBytes32(String hex) {
    try {
      ResultCommitment.bytes("value", hex, 32);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String lower(String hex) {
    String h = hex.toLowerCase(java.util.Locale.ROOT);
    return h.startsWith("0x") ? h : "0x" + h;
  }

  // ---- reveals and upload -------------------------------------------------------------------

  /** The events a worker's reveals lead to, and the answer. */
  record RevealJudgement(List<Event> events, List<ReplicaRef> accepted, List<ReplicaRef> ignored) {}

  /**
   * A reveal counts when the task is revealing, the worker is in the winning group and the digest
   * reproduces its commitment; one that does not reproduce it rejects the contribution (the worker
   * will lose its stake and score). An upload counts from the revealer asked for it. Once no
   * winner is left to reveal (each revealed or was rejected), one of the revealers is drawn to
   * upload, whichever came last: a rejected reveal after the honest ones must not leave the task
   * waiting for its reveal deadline.
   */
  static RevealJudgement judgeReveals(
      JobState s, String jobId, String workerId, List<Reveal> reveals, long now, RandomGenerator random) {
    List<RevealEntry> valid = new ArrayList<>();
    List<Event> rest = new ArrayList<>();
    List<ReplicaRef> accepted = new ArrayList<>();
    List<ReplicaRef> ignored = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    Map<Integer, Boolean> judged = new LinkedHashMap<>(); // task -> this worker's reveal was valid
    for (Reveal r : reveals) {
      ReplicaRef ref = r.replica();
      Replica replica = replicaOf(s, jobId, workerId, ref);
      int i = ref.taskIndex();
      if (replica == null || !seen.add(i) || r.digest() == null) {
        ignored.add(ref);
        continue;
      }
      ReplicatedTask p = s.task(i).poco();
      boolean winner = p.phase() == Phase.REVEALING && p.consensusHash().equals(replica.resultHash());
      if (winner && replica.status() == ReplicaStatus.CONTRIBUTED) {
        String rejection =
            !p.validReveal(workerId, r.digest())
                ? "the revealed digest does not reproduce the commitment"
                : !relayable(s, p.taskId(), r, replica.address())
                    ? "the reveal to an on-chain deal is not signed by the worker (revealSign)"
                    : null;
        if (rejection != null) {
          rest.add(new JobState.RevealRejected(workerId, i, ref.attempt(), rejection, now));
        } else {
          valid.add(new RevealEntry(i, ref.attempt(), r.digest(), r.revealSign()));
        }
        judged.put(i, rejection == null);
        accepted.add(ref);
      } else if (winner && replica.status() == ReplicaStatus.REVEALED) {
        boolean upload =
            r.result() != null
                && workerId.equals(p.uploader())
                && r.digest().equalsIgnoreCase(replica.digest())
                && Hashes.isSha256(r.result().sha256());
        if (upload) {
          rest.add(new JobState.ResultUploaded(workerId, i, r.result(), now));
        }
        (upload || r.result() == null ? accepted : ignored).add(ref);
      } else {
        ignored.add(ref); // not revealing, not a winner, or already rejected: nothing to reveal
      }
    }
    List<Event> events = new ArrayList<>();
    if (!valid.isEmpty()) {
      events.add(new JobState.Revealed(workerId, valid, now));
    }
    events.addAll(rest);
    judged.forEach(
        (i, revealed) -> {
          ReplicatedTask p = s.task(i).poco();
          List<String> still = new ArrayList<>(p.toReveal());
          still.remove(workerId);
          List<String> revealers = new ArrayList<>(p.revealers());
          if (revealed) {
            revealers.add(workerId);
          }
          if (p.uploader() == null && still.isEmpty() && !revealers.isEmpty()) {
            events.add(new JobState.UploaderChosen(i, revealers.get(random.nextInt(revealers.size())), now));
          }
        });
    return new RevealJudgement(events, accepted, ignored);
  }

  // ---- heartbeats ---------------------------------------------------------------------------

  /** What a heartbeat learns of its certified replicas in this job. */
  record Reconciliation(
      List<ReplicaRef> abort, List<ReplicaRef> reveal, List<ReplicaRef> upload, List<ReplicaFailure> lost) {}

  /**
   * Per replica the worker lists: forget it (finished task, lost or rejected contribution), reveal
   * it (winning group), upload it (the chosen revealer) or keep it; a replica assigned to it that
   * it does not list after {@code graceMs} is lost.
   */
  static Reconciliation reconcile(JobState s, String jobId, String workerId, List<ReplicaRef> listed, long now, long graceMs) {
    List<ReplicaRef> abort = new ArrayList<>();
    List<ReplicaRef> reveal = new ArrayList<>();
    List<ReplicaRef> upload = new ArrayList<>();
    Set<Integer> held = new HashSet<>();
    for (ReplicaRef ref : listed) {
      Replica replica = replicaOf(s, jobId, workerId, ref);
      if (replica == null || s.task(ref.taskIndex()).status().terminal()) {
        abort.add(ref);
        continue;
      }
      held.add(ref.taskIndex());
      ReplicatedTask p = s.task(ref.taskIndex()).poco();
      boolean revealing = p.phase() == Phase.REVEALING;
      boolean winner = revealing && p.consensusHash().equals(replica.resultHash());
      switch (replica.status()) {
        case CONTRIBUTED:
          if (winner) {
            reveal.add(ref);
          } else if (revealing) {
            abort.add(ref); // its result lost: nothing more is asked of it
          }
          break;
        case REVEALED:
          if (winner && workerId.equals(p.uploader())) {
            upload.add(ref);
          }
          break;
        case FAILED:
          abort.add(ref);
          break;
        default:
          break; // still computing
      }
    }
    List<ReplicaFailure> lost = new ArrayList<>();
    for (int i : s.runningOn(workerId)) {
      Replica r = s.task(i).poco().replica(workerId);
      if (!held.contains(i) && now - r.assignedAt() > graceMs) {
        lost.add(new ReplicaFailure(i, s.task(i).attemptOf(workerId), "the worker does not run it (assignment lost)"));
      }
    }
    return new Reconciliation(abort, reveal, upload, lost);
  }

  // ---- deadlines ----------------------------------------------------------------------------

  /**
   * The events time brings: replicas past their task timeout fail; a revealing task with no
   * reveal past its reveal deadline reopens; an open task past its contribution deadline, or any
   * past its final deadline, fails; a revealing task whose winners all revealed (or some did, and
   * the reveal deadline passed) gets an uploader, and a new one when the chosen one has not
   * uploaded within {@code uploadTimeoutMs}.
   */
  static List<Event> deadlines(JobState s, long now, long replicaLimitMs, long uploadTimeoutMs, RandomGenerator random) {
    List<Event> events = new ArrayList<>();
    List<ReplicaFailure> overdue = new ArrayList<>();
    for (int i : s.certifiedInProgress()) {
      ReplicatedTask p = s.task(i).poco();
      if (p.startedAt() == 0) {
        continue; // no replica ever assigned (a deal's task the hub showed first): its deadlines have not begun
      }
      for (Replica r : p.replicas()) {
        if (r.status() == ReplicaStatus.ASSIGNED && now - r.assignedAt() > replicaLimitMs) {
          overdue.add(new ReplicaFailure(i, s.task(i).attemptOf(r.worker()), "replica deadline passed"));
        }
      }
      if (now > p.finalDeadline()) {
        events.add(new JobState.TaskFailed(i, "the final deadline passed before the result was uploaded", now));
      } else if (p.phase() == Phase.OPEN && now > p.contributionDeadline()) {
        events.add(new JobState.TaskFailed(i, "the contribution deadline passed without consensus", now));
      } else if (p.phase() == Phase.REVEALING) {
        List<String> revealers = p.revealers();
        if (revealers.isEmpty() && now > p.revealDeadline() && !p.chainDriven()) { // the hub reopens a deal's task
          events.add(new JobState.TaskReopened(i, now));
        } else if (!revealers.isEmpty() && p.uploader() == null && (now > p.revealDeadline() || p.toReveal().isEmpty())) {
          events.add(new JobState.UploaderChosen(i, revealers.get(random.nextInt(revealers.size())), now));
        } else if (p.uploader() != null && now - p.uploaderChosenAt() > uploadTimeoutMs) {
          List<String> others = new ArrayList<>(revealers);
          if (others.size() > 1) {
            others.remove(p.uploader());
          }
          events.add(new JobState.UploaderChosen(i, others.get(random.nextInt(others.size())), now));
        }
      }
    }
    if (!overdue.isEmpty()) {
      events.add(0, new JobState.ReplicasFailed("-", overdue, now));
    }
    return events;
  }

  // ---- settlement ---------------------------------------------------------------------------

  /** A finished task's ledger operations and its contributors' score outcomes (worker → won). */
  record Settling(List<Ledger.Op> ops, Map<String, Boolean> scores, boolean replicated) {}

  /**
   * Finalized: the requester pays, winners get their stake back and the reward, losers' stakes
   * are seized; otherwise (failed or cancelled) the requester's price and every stake are
   * unlocked and scores do not move. Operations of zero credits are left out.
   */
  static Settling settlement(JobState s, int i) {
    JobSpec spec = s.spec();
    JobState.Task t = s.task(i);
    ReplicatedTask p = t.poco();
    String requester = userAccount(spec.owner());
    List<Settlement.Contributor> contributors = new ArrayList<>();
    Map<String, Boolean> scores = new LinkedHashMap<>();
    if (p != null) {
      for (Settlement.Contributor c : p.contributors(spec.stake())) {
        String account = s.accountOf(c.account());
        contributors.add(new Settlement.Contributor(account, c.stake(), c.weight(), c.winner()));
        scores.put(c.account(), c.winner());
      }
    }
    boolean finalized = p != null && p.phase() == Phase.FINALIZED;
    Settlement.Outcome o =
        finalized
            ? Settlement.finalized("task:" + p.taskId(), requester, spec.price(), POOL, spec.schedulerRatio(), contributors)
            : Settlement.claimed(requester, spec.price(), contributors);
    List<Ledger.Op> ops = o.ops().stream().filter(op -> op.amount() > 0).toList();
    return new Settling(ops, finalized ? scores : Map.of(), scores.size() > 1);
  }
}
