package org.xwgrid.dispatcher.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.poco.Poco;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.common.poco.Settlement;
import org.xwgrid.common.poco.TaskConsensus;

/**
 * One task certified by Proof-of-Contribution (docs/poco.md): its replicas, their commitments,
 * the credibility vote, the reveal and the upload. Pure and mutable like {@link JobState}: no
 * clock (every call takes the time), no randomness (the entity draws the uploader and passes it
 * in), no I/O. Deadlines follow the category period {@code T}: contributions until start + 7T,
 * reveals until consensus + 2T, the task fails past start + 10T; a replica that has not
 * contributed within T stops counting as pending.
 */
public final class ReplicatedTask {

  public enum Phase {
    /** Gathering contributions. */
    OPEN,
    /** Consensus reached: the winning group reveals, one revealer uploads. */
    REVEALING,
    FINALIZED,
    FAILED
  }

  public enum ReplicaStatus {
    ASSIGNED,
    CONTRIBUTED,
    REVEALED,
    /** Failed, lost, aborted, or its group was rejected for not revealing. */
    FAILED
  }

  /** One replica: one worker's execution of this task. */
  public static final class Replica {
    final String worker;
    final String address;
    final long assignedWeight;
    final long assignedAt;
    ReplicaStatus status = ReplicaStatus.ASSIGNED;
    String resultHash;
    String resultSeal;
    long weight;
    String digest;
    /** The worker's relay signatures of its contribution and its reveal (on-chain deals only). */
    String contributionSign;
    String revealSign;

    Replica(String worker, String address, long assignedWeight, long assignedAt) {
      this.worker = worker;
      this.address = address;
      this.assignedWeight = assignedWeight;
      this.assignedAt = assignedAt;
    }

    public String worker() {
      return worker;
    }

    public ReplicaStatus status() {
      return status;
    }

    public String resultHash() {
      return resultHash;
    }

    public long weight() {
      return weight;
    }

    public String address() {
      return address;
    }

    public long assignedAt() {
      return assignedAt;
    }

    public String digest() {
      return digest;
    }

    public String resultSeal() {
      return resultSeal;
    }

    public String contributionSign() {
      return contributionSign;
    }

    public String revealSign() {
      return revealSign;
    }
  }

  private final String taskId;
  private final long trust;
  private final long periodMs;
  private final TaskConsensus vote = new TaskConsensus();
  private final Map<String, Replica> replicas = new LinkedHashMap<>();
  private Phase phase = Phase.OPEN;
  private long startedAt;
  private String consensusHash;
  private long consensusAt;
  private String uploader;
  private long uploaderChosenAt;
  private DataRef result;
  private String failure;
  /** A task of an on-chain deal: the hub decides consensus and reopening, the oracle tells. */
  private final boolean chainDriven;
  /** The addresses whose contributions the hub holds, as the oracle saw last. */
  private final java.util.Set<String> chainContributed = new java.util.LinkedHashSet<>();
  /** The hub's status of the task as the oracle saw last (null: not seen yet). */
  private String chainStatus;

  /**
   * @param taskId the task's 32-byte id (0x + 64 hex), which commitments are bound to
   * @param periodMs the category period T, in milliseconds
   */
  public ReplicatedTask(String taskId, long trust, long periodMs) {
    this(taskId, trust, periodMs, false);
  }

  /**
   * @param chainDriven whether the task belongs to an on-chain deal: then its consensus is the
   *     hub's, told by the oracle ({@link #observeChain}), never reached by the grid alone
   */
  public ReplicatedTask(String taskId, long trust, long periodMs, boolean chainDriven) {
    this.chainDriven = chainDriven;
    ResultCommitment.bytes("task id", taskId, 32);
    this.taskId = taskId;
    this.trust = Poco.requireTrust(trust);
    if (periodMs <= 0) {
      throw new IllegalArgumentException("the category period must be positive");
    }
    this.periodMs = periodMs;
  }

  // ---- queries ----------------------------------------------------------------------------

  public String taskId() {
    return taskId;
  }

  public Phase phase() {
    return phase;
  }

  public TaskConsensus vote() {
    return vote;
  }

  public Replica replica(String worker) {
    return replicas.get(worker);
  }

  public List<Replica> replicas() {
    return List.copyOf(replicas.values());
  }

  public String consensusHash() {
    return consensusHash;
  }

  public String uploader() {
    return uploader;
  }

  public long uploaderChosenAt() {
    return uploaderChosenAt;
  }

  public long startedAt() {
    return startedAt;
  }

  public long trust() {
    return trust;
  }

  /** Whether the task is finalized or failed. */
  public boolean done() {
    return phase == Phase.FINALIZED || phase == Phase.FAILED;
  }

  public DataRef result() {
    return result;
  }

  public String failure() {
    return failure;
  }

  public boolean chainDriven() {
    return chainDriven;
  }

  /** The hub's status of the task as last observed, or null. */
  public String chainStatus() {
    return chainStatus;
  }

  /** The addresses whose contributions the hub holds, as last observed. */
  public java.util.Set<String> chainContributed() {
    return java.util.Collections.unmodifiableSet(chainContributed);
  }

  /**
   * Whether {@code worker} may get a replica now: never two replicas of a task to one worker,
   * unless its earlier one failed without contributing (it never voted: a crash, a lost
   * assignment), which the new one replaces.
   */
  public boolean canAssign(String worker, long now) {
    return mayVote(worker) && wantsReplica(now);
  }

  /**
   * Whether the task wants another replica now: open, within its contribution deadline (which
   * runs from its first replica), and the prediction asks for more.
   */
  public boolean wantsReplica(long now) {
    return phase == Phase.OPEN && (startedAt == 0 || now <= contributionDeadline()) && needMore(now);
  }

  private boolean mayVote(String worker) {
    Replica r = replicas.get(worker);
    return r == null || (r.status == ReplicaStatus.FAILED && r.resultHash == null);
  }

  /**
   * The optimistic prediction over the replicas still pending at {@code now}. A task of a deal
   * also wants one more replica when nothing is pending, the hub holds every contribution the grid
   * has, and still sees no consensus (its weights come from on-chain scores, not the grid's).
   */
  public boolean needMore(long now) {
    List<Long> pending = new ArrayList<>();
    for (Replica r : replicas.values()) {
      if (r.status == ReplicaStatus.ASSIGNED && now < r.assignedAt + periodMs) {
        pending.add(r.assignedWeight);
      }
    }
    if (phase != Phase.OPEN) {
      return false;
    }
    if (vote.needMore(pending, trust)) {
      return true;
    }
    return chainDriven && pending.isEmpty() && "ACTIVE".equals(chainStatus) && allOnChain();
  }

  private boolean allOnChain() {
    return replicas.values().stream()
        .filter(r -> r.status == ReplicaStatus.CONTRIBUTED)
        .allMatch(r -> chainContributed.contains(r.address.toLowerCase(java.util.Locale.ROOT)));
  }

  public long contributionDeadline() {
    return startedAt + 7 * periodMs;
  }

  public long revealDeadline() {
    return consensusAt + 2 * periodMs;
  }

  public long finalDeadline() {
    return startedAt + 10 * periodMs;
  }

  /** The winning group's replicas that revealed, in arrival order of their contributions. */
  public List<String> revealers() {
    return replicas.values().stream().filter(r -> r.status == ReplicaStatus.REVEALED).map(Replica::worker).toList();
  }

  /** The winning group's replicas still to reveal. */
  public List<String> toReveal() {
    return replicas.values().stream()
        .filter(r -> r.status == ReplicaStatus.CONTRIBUTED && r.resultHash.equals(consensusHash))
        .map(Replica::worker)
        .toList();
  }

  // ---- changes (each is applied from an event the entity has journaled) -------------------

  /** A replica goes to {@code worker}, whose weight at that time counts while it is pending. */
  public void assign(String worker, String address, long weight, long at) {
    require(phase == Phase.OPEN, "the task is not open");
    require(mayVote(worker), worker + " already has a replica of this task");
    ResultCommitment.bytes("worker address", address, 20);
    if (startedAt == 0) {
      startedAt = at;
    }
    replicas.put(worker, new Replica(worker, address, weight, at));
  }

  /** The replica failed, was lost or aborted: it no longer counts as pending. */
  public void replicaFailed(String worker) {
    Replica r = replicas.get(worker);
    if (r != null && r.status == ReplicaStatus.ASSIGNED) {
      r.status = ReplicaStatus.FAILED;
    }
  }

  /**
   * Why a contribution would be refused, or null: the task must be open, the worker must hold an
   * assigned replica, the contribution deadline not passed.
   */
  public String contributionRefusal(String worker, long at) {
    Replica r = replicas.get(worker);
    if (r == null) {
      return "no replica of this task is assigned to " + worker;
    }
    if (r.status != ReplicaStatus.ASSIGNED) {
      return "the replica already " + r.status.name().toLowerCase(java.util.Locale.ROOT);
    }
    if (phase != Phase.OPEN) {
      return "the task is " + phase.name().toLowerCase(java.util.Locale.ROOT) + ", no more contributions";
    }
    if (at > contributionDeadline()) {
      return "the contribution deadline has passed";
    }
    return null;
  }

  /** A commitment (never the digest) with the worker's weight now; reaching consensus opens the reveal. */
  public void contribute(String worker, String resultHash, String resultSeal, long weight, long at) {
    contribute(worker, resultHash, resultSeal, weight, at, null);
  }

  /** ... with the worker's relay signature of it ({@code sign}, null off chain). */
  public void contribute(String worker, String resultHash, String resultSeal, long weight, long at, String sign) {
    String no = contributionRefusal(worker, at);
    require(no == null, no);
    ResultCommitment.bytes("result hash", resultHash, 32);
    ResultCommitment.bytes("result seal", resultSeal, 32);
    Replica r = replicas.get(worker);
    r.status = ReplicaStatus.CONTRIBUTED;
    r.resultHash = resultHash;
    r.resultSeal = resultSeal;
    r.weight = weight;
    r.contributionSign = sign;
    vote.contribute(worker, resultHash, weight);
    if (chainDriven) {
      return; // the hub decides, the oracle tells (observeChain)
    }
    vote.consensus(trust)
        .ifPresent(
            h -> {
              phase = Phase.REVEALING;
              consensusHash = h;
              consensusAt = at;
            });
  }

  /**
   * Whether {@code digest} is a valid reveal by {@code worker}: the task is revealing, the worker is
   * in the winning group and has not revealed, and the digest reproduces its hash and its seal.
   */
  public boolean validReveal(String worker, String digest) {
    Replica r = replicas.get(worker);
    return phase == Phase.REVEALING
        && r != null
        && r.status == ReplicaStatus.CONTRIBUTED
        && r.resultHash.equals(consensusHash)
        && new ResultCommitment(r.resultHash, r.resultSeal).revealedBy(taskId, digest, r.address);
  }

  public void reveal(String worker, String digest) {
    reveal(worker, digest, null);
  }

  public void reveal(String worker, String digest, String sign) {
    require(validReveal(worker, digest), "not a valid reveal by " + worker);
    Replica r = replicas.get(worker);
    r.status = ReplicaStatus.REVEALED;
    r.digest = digest;
    r.revealSign = sign;
  }

  /**
   * The worker revealed something that does not reproduce its commitment (or was not its to
   * reveal): its contribution is rejected, it will lose its stake and score like a wrong result.
   */
  public void rejectReveal(String worker) {
    Replica r = replicas.get(worker);
    if (r != null && r.status == ReplicaStatus.CONTRIBUTED) {
      r.status = ReplicaStatus.FAILED;
    }
  }

  /** The entity chose (at random) which revealer uploads the result; a later choice replaces it. */
  public void chooseUploader(String worker, long at) {
    require(revealers().contains(worker), worker + " has not revealed");
    uploader = worker;
    uploaderChosenAt = at;
  }

  /** The chosen revealer uploaded the result: the task is final. */
  public void uploaded(String worker, DataRef data) {
    require(phase == Phase.REVEALING && worker.equals(uploader), worker + " was not asked to upload");
    result = data;
    phase = Phase.FINALIZED;
  }

  /**
   * Nobody of the winning group revealed by the reveal deadline: the group is rejected (its weight
   * leaves the total, its replicas fail) and the task gathers contributions again.
   */
  public void reopen() {
    require(phase == Phase.REVEALING && revealers().isEmpty(), "only a revealing task without reveals reopens");
    rejectWinningGroup();
  }

  /** The winning group's weight leaves the vote, its replicas fail, the task gathers contributions again. */
  private void rejectWinningGroup() {
    vote.reject(consensusHash);
    for (Replica r : replicas.values()) {
      if ((r.status == ReplicaStatus.CONTRIBUTED || r.status == ReplicaStatus.REVEALED) && r.resultHash.equals(consensusHash)) {
        r.status = ReplicaStatus.FAILED;
      }
    }
    phase = Phase.OPEN;
    consensusHash = null;
    consensusAt = 0;
    uploader = null;
  }

  /**
   * What the oracle read of the task on the hub: its status ({@code ACTIVE}, {@code REVEALING},
   * {@code COMPLETED}, {@code FAILED}), its consensus value and the addresses whose contributions
   * it holds. A consensus there opens the reveal here with that value; a hub task active again
   * after a consensus was reopened there, and its winning group is rejected here too.
   */
  public void observeChain(String status, String consensus, List<String> contributed, long at) {
    require(chainDriven, "only a task of a deal follows the hub");
    chainStatus = status;
    contributed.forEach(a -> chainContributed.add(a.toLowerCase(java.util.Locale.ROOT)));
    if ("REVEALING".equals(status) && phase == Phase.OPEN && consensus != null) {
      phase = Phase.REVEALING;
      consensusHash = consensus.toLowerCase(java.util.Locale.ROOT);
      consensusAt = at;
    } else if ("ACTIVE".equals(status) && phase == Phase.REVEALING) {
      rejectWinningGroup(); // the hub reopened: whatever was revealed here never reached it
    }
  }

  /** Past the final deadline (or cancelled): the task fails, the requester will be refunded. */
  public void fail(String reason) {
    require(phase != Phase.FINALIZED, "a finalized task cannot fail");
    phase = Phase.FAILED;
    failure = reason;
  }

  // ---- settlement -------------------------------------------------------------------------

  /** Every contribution as settlement sees it; winners are the revealed members of the winning group. */
  public List<Settlement.Contributor> contributors(long stake) {
    List<Settlement.Contributor> out = new ArrayList<>();
    for (Replica r : replicas.values()) {
      if (r.resultHash != null) {
        boolean winner = phase == Phase.FINALIZED && r.status == ReplicaStatus.REVEALED;
        out.add(new Settlement.Contributor(r.worker, stake, Math.max(r.weight, 1), winner));
      }
    }
    return out;
  }

  /** The score each contributor gets, from its score now: winners +1 if replicated, others ·2/3. */
  public Map<String, Long> newScores(Map<String, Long> scores) {
    long contributions = replicas.values().stream().filter(r -> r.resultHash != null).count();
    Map<String, Long> out = new LinkedHashMap<>();
    for (Settlement.Contributor c : contributors(0)) {
      long s = scores.getOrDefault(c.account(), 0L);
      out.put(c.account(), c.winner() ? Poco.scoreAfterWin(s, contributions > 1) : Poco.scoreAfterLoss(s));
    }
    return out;
  }

  // ---- snapshots --------------------------------------------------------------------------

  public record ReplicaSnapshot(
      String worker,
      String address,
      long assignedWeight,
      long assignedAt,
      ReplicaStatus status,
      String resultHash,
      String resultSeal,
      long weight,
      String digest,
      boolean rejected,
      String contributionSign,
      String revealSign)
      implements org.xwgrid.common.CborSerializable {}

  /** Everything but the vote, which is rebuilt from the contributions (rejected ones first). */
  public record Snapshot(
      String taskId,
      long trust,
      long periodMs,
      List<ReplicaSnapshot> replicas,
      Phase phase,
      long startedAt,
      String consensusHash,
      long consensusAt,
      String uploader,
      long uploaderChosenAt,
      DataRef result,
      String failure,
      boolean chainDriven,
      List<String> chainContributed,
      String chainStatus)
      implements org.xwgrid.common.CborSerializable {}

  public Snapshot toSnapshot() {
    java.util.Set<String> rejected = new java.util.HashSet<>();
    vote.contributions().stream().filter(TaskConsensus.Contribution::rejected).forEach(c -> rejected.add(c.worker()));
    List<ReplicaSnapshot> rs = new ArrayList<>();
    for (Replica r : replicas.values()) {
      rs.add(new ReplicaSnapshot(
          r.worker, r.address, r.assignedWeight, r.assignedAt, r.status, r.resultHash, r.resultSeal, r.weight, r.digest,
          rejected.contains(r.worker), r.contributionSign, r.revealSign));
    }
    return new Snapshot(taskId, trust, periodMs, rs, phase, startedAt, consensusHash, consensusAt, uploader, uploaderChosenAt, result, failure,
        chainDriven, List.copyOf(chainContributed), chainStatus);
  }

  public static ReplicatedTask fromSnapshot(Snapshot s) {
    ReplicatedTask t = new ReplicatedTask(s.taskId(), s.trust(), s.periodMs(), s.chainDriven());
    if (s.chainContributed() != null) {
      t.chainContributed.addAll(s.chainContributed());
    }
    t.chainStatus = s.chainStatus();
    for (ReplicaSnapshot r : s.replicas()) {
      Replica x = new Replica(r.worker(), r.address(), r.assignedWeight(), r.assignedAt());
      x.status = r.status();
      x.resultHash = r.resultHash();
      x.resultSeal = r.resultSeal();
      x.weight = r.weight();
      x.digest = r.digest();
      x.contributionSign = r.contributionSign();
      x.revealSign = r.revealSign();
      t.replicas.put(x.worker, x);
    }
    // a rejected group restarts from zero: its votes go in and out before the later ones
    java.util.Set<String> rejected = new java.util.LinkedHashSet<>();
    for (ReplicaSnapshot r : s.replicas()) {
      if (r.resultHash() != null && r.rejected()) {
        t.vote.contribute(r.worker(), r.resultHash(), r.weight());
        rejected.add(r.resultHash());
      }
    }
    rejected.forEach(t.vote::reject);
    for (ReplicaSnapshot r : s.replicas()) {
      if (r.resultHash() != null && !r.rejected()) {
        t.vote.contribute(r.worker(), r.resultHash(), r.weight());
      }
    }
    t.phase = s.phase();
    t.startedAt = s.startedAt();
    t.consensusHash = s.consensusHash();
    t.consensusAt = s.consensusAt();
    t.uploader = s.uploader();
    t.uploaderChosenAt = s.uploaderChosenAt();
    t.result = s.result();
    t.failure = s.failure();
    return t;
  }

  private static void require(boolean ok, String why) {
    if (!ok) {
      throw new IllegalStateException(why);
    }
  }
}
