package org.xwgrid.worker.report;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.ResultAck;
import org.xwgrid.common.api.WorkerApi.ResultReport;
import org.xwgrid.common.api.WorkerApi.Reveal;
import org.xwgrid.common.api.WorkerApi.RevealReport;
import org.xwgrid.common.api.WorkerApi.StatusReport;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.worker.WorkerNodeSettings;
import org.xwgrid.worker.net.Backoff;
import org.xwgrid.worker.net.DispatcherApi;
import org.xwgrid.worker.net.DispatcherException;
import org.xwgrid.worker.net.WorkerCredentials;
import org.xwgrid.worker.task.FinishedTask;
import org.xwgrid.worker.task.HeldResult;
import org.xwgrid.worker.task.HeldResults;
import org.xwgrid.worker.task.Misbehaviour;
import org.xwgrid.worker.task.TaskFolders;

/**
 * Delivers what the worker has to say: progress ({@code /status}, best effort) and task reports
 * ({@code /results}), uploading result zips first. Reports arriving within {@code
 * report.batch-delay} go out in one call, and while a call is in flight the next batch gathers.
 * A report is kept (in memory and in {@code pending-reports.json}) until the dispatcher
 * acknowledges it, accepted or ignored; failures are retried with backoff, and a 401/404 makes the
 * session register again. A zip whose digest was uploaded in this run is not uploaded again.
 *
 * <p>It also reveals the held results of certified replicas when the dispatcher asks ({@link
 * RevealHeld}, from a heartbeat's answer): {@code /reveals} with the committed digest, after
 * uploading the held zip when asked to upload; a held result of an on-chain deal (its {@link
 * HeldResult#chain} terms) is revealed with the worker key's relay signature of the digest it
 * reveals ({@code revealSign}), made on the signing pool, and a reveal that cannot be signed is
 * dropped. A reveal is done once the dispatcher names it in its answer (accepted or ignored);
 * failures are retried with the same backoff. Reveals are not
 * saved: after a restart the dispatcher asks again for the replicas the heartbeats still list.
 * FOR TESTS ONLY, {@code testing.misbehave} ({@link Misbehaviour}) makes it ignore some of these
 * requests or reveal a wrong digest.
 */
public final class Reporter extends AbstractBehavior<Reporter.Command> {

  public sealed interface Command {}

  /** A replica has finished: send its report (an aborted one has none and is only cleaned). */
  public record Report(FinishedTask task) implements Command {}

  /**
   * Progress of a replica: sent with the next batch, only the latest per replica, and dropped if
   * the replica's report comes first or the send fails. Progress comes through a {@link
   * StatusDelay}, which holds it for {@code report.status-delay} and forgets it when the replica
   * ends: short tasks cost neither a message here nor a {@code /status} call.
   */
  public record Status(StatusUpdate update) implements Command {}

  /**
   * The dispatcher asks for the digests of these held replicas ({@code reveal}) and for the upload
   * of those ({@code upload}, revealed again with their zip).
   */
  public record RevealHeld(List<ReplicaRef> reveal, List<ReplicaRef> upload) implements Command {
    public RevealHeld {
      reveal = reveal == null ? List.of() : List.copyOf(reveal);
      upload = upload == null ? List.of() : List.copyOf(upload);
    }
  }

  /** The session is registered: use these credentials; tell {@code onRejected} if they fail. */
  public record Connected(WorkerCredentials credentials, ActorRef<WorkerCredentials> onRejected)
      implements Command {}

  /** The session is registering again: hold the reports. */
  public enum Disconnected implements Command {
    INSTANCE
  }

  /** The worker stops: try to deliver for up to {@code timeout}, save what is left, then reply. */
  public record Drain(Duration timeout, ActorRef<Drained> replyTo) implements Command {}

  public enum Drained {
    INSTANCE
  }

  private enum Flush implements Command {
    INSTANCE
  }

  private enum DrainTimedOut implements Command {
    INSTANCE
  }

  private record Persisted(Throwable failure) implements Command {}

  private record UploadDone(
      String sha256, ReplicaRef source, Throwable failure, WorkerCredentials used)
      implements Command {}

  private record SendDone(
      List<ReplicaRef> sent,
      ResultAck ack,
      Throwable resultsFailure,
      Throwable statusFailure,
      WorkerCredentials used)
      implements Command {}

  /** One reveal of a batch: ready to send, or its upload (or its signature) failed. */
  private record RevealPart(ReplicaRef replica, Reveal reveal, Throwable uploadFailure) {}

  /** A reveal's relay signature (null off chain), or why it could not be made. */
  private record Signed(String signature, SignFailure failure) {}

  /** The relay signature of a reveal cannot be made: never retried, the reveal is dropped. */
  private static final class SignFailure extends Exception {
    SignFailure(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * A reveal batch has ended: {@code sent} maps each replica to whether its upload was asked;
   * {@code posted} went to {@code /reveals}, answered by {@code ack} or failed with {@code failure}.
   */
  private record RevealDone(
      Map<ReplicaRef, Boolean> sent,
      List<ReplicaRef> posted,
      ResultAck ack,
      Throwable failure,
      Map<ReplicaRef, Throwable> uploadFailures,
      WorkerCredentials used)
      implements Command {}

  private static final String FLUSH = "flush";
  private static final String RETRY = "retry";
  private static final String DRAIN = "drain";
  private static final String PERSIST = "persist";
  private static final Duration PERSIST_RETRY = Duration.ofSeconds(1);

  private final TimerScheduler<Command> timers;
  private final Logger log;
  private final WorkerNodeSettings settings;
  private final DispatcherApi api;
  private final PendingReportStore store;
  private final TaskFolders folders;
  private final HeldResults held;
  private final Secp256k1Key key;
  private final Executor signing;
  private final Backoff backoff;
  private final int maxStatuses;

  private final Map<ReplicaRef, PendingReport> pending = new LinkedHashMap<>();
  /** The latest progress of replicas, in order of arrival. */
  private final Map<ReplicaRef, StatusUpdate> statuses = new LinkedHashMap<>();
  private final Set<String> uploaded = new HashSet<>();
  private final Set<String> uploading = new HashSet<>();
  /** Held replicas to reveal, each with whether to upload its zip too. */
  private final Map<ReplicaRef, Boolean> reveals = new LinkedHashMap<>();
  private boolean revealInFlight;
  private WorkerCredentials credentials;
  private ActorRef<WorkerCredentials> onRejected;
  private boolean sendInFlight;
  private boolean writeInFlight;
  private boolean dirty;
  private boolean singleMode;
  private boolean outage;
  private long retryAtNanos;
  private ActorRef<Drained> drainReplyTo;
  private boolean drainDone;
  private boolean drainReplied;

  /**
   * {@code key}: the worker's key, which signs the reveals of held results on chain, on {@code
   * signing} (a pool that may block).
   */
  public static Behavior<Command> create(
      WorkerNodeSettings settings,
      DispatcherApi api,
      PendingReportStore store,
      TaskFolders folders,
      HeldResults held,
      Secp256k1Key key,
      Executor signing,
      List<PendingReport> loaded) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new Reporter(ctx, timers, settings, api, store, folders, held, key, signing, loaded)));
  }

  private Reporter(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      WorkerNodeSettings settings,
      DispatcherApi api,
      PendingReportStore store,
      TaskFolders folders,
      HeldResults held,
      Secp256k1Key key,
      Executor signing,
      List<PendingReport> loaded) {
    super(ctx);
    this.timers = timers;
    this.log = ctx.getLog();
    this.settings = settings;
    this.api = api;
    this.store = store;
    this.folders = folders;
    this.held = held;
    this.key = key;
    this.signing = signing;
    this.backoff =
        Backoff.create(settings.backoffMin(), settings.backoffMax(), settings.backoffRandomFactor());
    this.maxStatuses = Math.max(100, settings.reportMaxBatch() * 10);
    for (PendingReport p : loaded) {
      pending.put(p.report().replica(), p);
    }
    if (!pending.isEmpty()) {
      log.info("{} reports from an earlier run wait for the dispatcher", pending.size());
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Report.class, this::onReport)
        .onMessage(Status.class, this::onStatus)
        .onMessage(RevealHeld.class, this::onRevealHeld)
        .onMessage(RevealDone.class, this::onRevealDone)
        .onMessage(Connected.class, this::onConnected)
        .onMessageEquals(Disconnected.INSTANCE, this::onDisconnected)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessageEquals(PersistNow.INSTANCE, this::onPersistNow)
        .onMessage(UploadDone.class, this::onUploadDone)
        .onMessage(SendDone.class, this::onSendDone)
        .onMessage(Persisted.class, this::onPersisted)
        .onMessage(Drain.class, this::onDrain)
        .onMessageEquals(DrainTimedOut.INSTANCE, this::onDrainTimedOut)
        .build();
  }

  private Behavior<Command> onReport(Report r) {
    FinishedTask t = r.task();
    if (t.aborted()) {
      folders.deleteAsync(t.folder());
      return this;
    }
    TaskReport report = t.report();
    boolean done =
        !report.success() || report.result() == null || uploaded.contains(report.result().sha256());
    pending.put(t.replica(), new PendingReport(report, t.folder(), done));
    statuses.remove(t.replica());
    dirty = true;
    scheduleFlush();
    return this;
  }

  private Behavior<Command> onStatus(Status s) {
    ReplicaRef r = s.update().replica();
    if (!pending.containsKey(r) && !drainDone) {
      if (!statuses.containsKey(r) && statuses.size() >= maxStatuses) {
        statuses.remove(statuses.keySet().iterator().next());
      }
      statuses.put(r, s.update());
      send(); // it has waited its delay already (StatusDelay); while a call is in flight, it gathers
    }
    return this;
  }

  private Behavior<Command> onConnected(Connected c) {
    credentials = c.credentials();
    onRejected = c.onRejected();
    retryAtNanos = 0;
    timers.cancel(RETRY);
    send();
    return this;
  }

  private Behavior<Command> onDisconnected() {
    credentials = null;
    return this;
  }

  private Behavior<Command> onFlush() {
    send();
    maybeFinishDrain();
    schedulePersist();
    return this;
  }

  private enum PersistNow implements Command {
    INSTANCE
  }

  /**
   * Writes the pending reports at most every {@code report.persist-delay}: while the dispatcher
   * answers, reports are acknowledged within milliseconds and most never need writing.
   */
  private void schedulePersist() {
    if (dirty && !timers.isTimerActive(PERSIST)) {
      timers.startSingleTimer(PERSIST, PersistNow.INSTANCE, settings.reportPersistDelay());
    }
  }

  private Behavior<Command> onPersistNow() {
    persist();
    return this;
  }

  private void scheduleFlush() {
    if (!timers.isTimerActive(FLUSH)) {
      timers.startSingleTimer(FLUSH, Flush.INSTANCE, settings.reportBatchDelay());
    }
  }

  // ---- sending ----------------------------------------------------------------------------

  private void send() {
    if (credentials == null || drainDone || System.nanoTime() < retryAtNanos) {
      return;
    }
    startUploads();
    sendBatch();
    sendReveals();
  }

  private void startUploads() {
    List<PendingReport> waiting = new ArrayList<>();
    for (PendingReport p : pending.values()) {
      if (p.needsUpload()) {
        waiting.add(p);
      }
    }
    for (PendingReport p : waiting) {
      String sha = p.report().result().sha256();
      if (uploaded.contains(sha)) {
        markUploaded(sha);
      } else if (!uploading.contains(sha) && uploading.size() < settings.uploadParallelism()) {
        uploading.add(sha);
        Path zip = folders.resultZip(p.folder(), sha);
        WorkerCredentials used = credentials;
        ReplicaRef source = p.report().replica();
        getContext()
            .pipeToSelf(
                api.upload(used, zip, sha, p.report().result().name()),
                (ref, e) -> new UploadDone(sha, source, e, used));
      }
    }
  }

  private void markUploaded(String sha) {
    pending.replaceAll(
        (k, p) -> p.needsUpload() && p.report().result().sha256().equals(sha) ? p.asUploaded() : p);
    dirty = true;
  }

  private Behavior<Command> onUploadDone(UploadDone u) {
    uploading.remove(u.sha256());
    if (u.failure() == null) {
      uploaded.add(u.sha256());
      markUploaded(u.sha256());
      scheduleFlush();
      send();
      return this;
    }
    Throwable cause = DispatcherException.unwrap(u.failure());
    int status = DispatcherException.statusOf(cause);
    if (cause instanceof NoSuchFileException) {
      log.error("The result zip of [{}] is gone; reporting the replica as failed", u.source());
      fail(p -> p.report().replica().equals(u.source()), "result archive lost before upload");
      send();
    } else if (status == 401) {
      credentialsRejected(u.used());
    } else if (DispatcherException.isTransient(cause)) {
      retryLater(cause);
    } else {
      log.error("The dispatcher refused the result zip [{}]: {}", u.sha256(), cause.getMessage());
      fail(
          p -> p.needsUpload() && p.report().result().sha256().equals(u.sha256()),
          "result upload refused: " + cause.getMessage());
      send();
    }
    return this;
  }

  /** Turns the matching pending reports into failures with this reason (nothing to upload). */
  private void fail(Predicate<PendingReport> which, String reason) {
    pending.replaceAll(
        (k, p) -> {
          if (!which.test(p)) {
            return p;
          }
          TaskReport r = p.report();
          return new PendingReport(
              new TaskReport(r.replica(), false, null, null, r.exitCode(), reason, r.elapsedMs()),
              p.folder(),
              true);
        });
    dirty = true;
    scheduleFlush();
  }

  private void sendBatch() {
    if (sendInFlight) {
      return;
    }
    int max = singleMode ? 1 : settings.reportMaxBatch();
    List<TaskReport> reports = new ArrayList<>();
    List<ReplicaRef> sent = new ArrayList<>();
    for (PendingReport p : pending.values()) {
      if (reports.size() >= max) {
        break;
      }
      if (!p.needsUpload()) {
        reports.add(p.report());
        sent.add(p.report().replica());
      }
    }
    // none of a replica with a report: onStatus skips them, onReport drops them
    List<StatusUpdate> updates = new ArrayList<>(statuses.values());
    statuses.clear();
    if (reports.isEmpty() && updates.isEmpty()) {
      return;
    }
    sendInFlight = true;
    WorkerCredentials used = credentials;
    CompletionStage<Throwable> statusStage =
        updates.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : api.reportStatus(used, new StatusReport(updates)).handle((v, e) -> e);
    CompletionStage<SendDone> all =
        statusStage.thenCompose(
            se ->
                reports.isEmpty()
                    ? CompletableFuture.completedFuture(new SendDone(sent, null, null, se, used))
                    : api.reportResults(used, new ResultReport(reports))
                        .handle((ack, e) -> new SendDone(sent, ack, e, se, used)));
    getContext()
        .pipeToSelf(all, (d, e) -> d != null ? d : new SendDone(sent, null, e, null, used));
  }

  private Behavior<Command> onSendDone(SendDone d) {
    sendInFlight = false;
    if (d.statusFailure() != null) {
      if (DispatcherException.isUnknownWorker(d.statusFailure())) {
        credentialsRejected(d.used());
        return this;
      }
      log.debug("Status updates dropped: {}", d.statusFailure().toString());
      if (d.sent().isEmpty() && DispatcherException.isTransient(d.statusFailure())) {
        retryLater(d.statusFailure());
        return this;
      }
    }
    if (d.sent().isEmpty()) {
      send();
      maybeFinishDrain();
      return this;
    }
    if (d.resultsFailure() != null) {
      onResultsFailed(d);
      return this;
    }
    ResultAck ack = d.ack();
    if (log.isDebugEnabled()) {
      log.debug("{} reports sent, {} still pending", d.sent().size(), pending.size() - d.sent().size());
    }
    Set<ReplicaRef> settled = new HashSet<>();
    if (ack != null && ack.accepted() != null) {
      settled.addAll(ack.accepted());
    }
    if (ack != null && ack.ignored() != null && !ack.ignored().isEmpty()) {
      settled.addAll(ack.ignored());
      log.info("The dispatcher ignored the reports of {} (already settled)", ack.ignored());
    }
    List<String> done = new ArrayList<>(settled.size());
    for (ReplicaRef r : settled) {
      PendingReport p = pending.remove(r);
      if (p != null) {
        done.add(p.folder());
        dirty = true;
      }
    }
    folders.deleteAsync(done);
    if (pending.isEmpty()) {
      singleMode = false;
    }
    scheduleFlush();
    long unacked = d.sent().stream().filter(r -> !settled.contains(r)).count();
    if (unacked > 0) {
      log.warn("The dispatcher did not acknowledge {} of {} reports; sending them again later", unacked, d.sent().size());
      retryLater(null);
    } else {
      backoff.reset();
      if (outage) {
        outage = false;
        log.info("Reports delivered again; {} still pending", pending.size());
      }
      send();
    }
    maybeFinishDrain();
    return this;
  }

  private void onResultsFailed(SendDone d) {
    Throwable cause = DispatcherException.unwrap(d.resultsFailure());
    if (DispatcherException.isUnknownWorker(cause)) {
      credentialsRejected(d.used());
    } else if (DispatcherException.isTransient(cause)) {
      retryLater(cause);
    } else if (d.sent().size() == 1) {
      ReplicaRef r = d.sent().get(0);
      log.error("The dispatcher refused the report of [{}]: {}; dropping it", r, cause.getMessage());
      PendingReport p = pending.remove(r);
      if (p != null) {
        folders.deleteAsync(p.folder());
      }
      dirty = true;
      scheduleFlush();
      send();
      maybeFinishDrain();
    } else {
      log.warn("The dispatcher refused a batch of {} reports ({}); sending them one by one", d.sent().size(), cause.getMessage());
      singleMode = true;
      send();
    }
  }

  private void retryLater(Throwable cause) {
    Duration delay = backoff.next();
    retryAtNanos = System.nanoTime() + delay.toNanos();
    timers.startSingleTimer(RETRY, Flush.INSTANCE, delay);
    if (!outage && cause != null) {
      outage = true;
      log.warn(
          "Cannot deliver reports ({}); {} pending, retrying with backoff",
          cause.toString(),
          pending.size());
    } else {
      log.debug("Reports not delivered ({}); next try in {} ms", cause, delay.toMillis());
    }
    if (drainReplyTo != null && !drainDone) {
      finishDrain();
    }
  }

  private void credentialsRejected(WorkerCredentials used) {
    if (used != null && used.equals(credentials)) {
      log.info("The dispatcher does not know worker [{}]; asking the session to register again", used.workerId());
      credentials = null;
      onRejected.tell(used);
    }
  }

  // ---- reveals ----------------------------------------------------------------------------

  private Behavior<Command> onRevealHeld(RevealHeld r) {
    Misbehaviour m = settings.testingMisbehave();
    List<ReplicaRef> notRevealed = m.reveals() ? List.of() : r.reveal();
    List<ReplicaRef> notUploaded = m.uploads() ? List.of() : r.upload();
    if (!notRevealed.isEmpty() || !notUploaded.isEmpty()) {
      log.info(
          "FOR TESTS ONLY (--testing-misbehave={}): ignoring the dispatcher's request to reveal {} and upload {}",
          m,
          notRevealed,
          notUploaded);
    }
    if (m.reveals()) {
      for (ReplicaRef ref : r.reveal()) {
        reveals.putIfAbsent(ref, false);
      }
    }
    if (m.uploads()) {
      for (ReplicaRef ref : r.upload()) {
        reveals.put(ref, true);
      }
    }
    send();
    return this;
  }

  /**
   * Sends one batch of reveals at a time: up to {@code report.max-batch}, of which at most {@code
   * report.upload-parallelism} upload their zip first. A replica no longer held (forgotten on the
   * dispatcher's word, or lost) is dropped.
   */
  private void sendReveals() {
    if (revealInFlight || reveals.isEmpty()) {
      return;
    }
    WorkerCredentials used = credentials;
    Map<ReplicaRef, Boolean> sent = new LinkedHashMap<>();
    List<CompletableFuture<RevealPart>> parts = new ArrayList<>();
    int uploads = 0;
    for (Iterator<Map.Entry<ReplicaRef, Boolean>> it = reveals.entrySet().iterator();
        it.hasNext() && sent.size() < settings.reportMaxBatch(); ) {
      Map.Entry<ReplicaRef, Boolean> e = it.next();
      ReplicaRef ref = e.getKey();
      HeldResult h = held.get(ref);
      if (h == null) {
        log.warn("The dispatcher asks for the result of [{}], which this worker does not hold", ref);
        it.remove();
        continue;
      }
      boolean upload = e.getValue();
      if (upload && uploads >= settings.uploadParallelism()) {
        continue;
      }
      String digest = settings.testingMisbehave().revealed(h.digest());
      CompletableFuture<Signed> signed = revealSign(h, digest);
      CompletableFuture<Throwable> uploaded;
      DataRef zip = upload ? h.zip() : null;
      if (upload) {
        uploads++;
        uploaded =
            api.upload(used, held.zip(ref), zip.sha256(), zip.name())
                .handle((d, x) -> x)
                .toCompletableFuture();
      } else {
        uploaded = CompletableFuture.completedFuture(null);
      }
      sent.put(ref, upload);
      parts.add(
          uploaded.thenCombine(
              signed,
              (x, s) ->
                  x != null
                      ? new RevealPart(ref, null, x)
                      : s.failure() != null
                          ? new RevealPart(ref, null, s.failure())
                          : new RevealPart(ref, new Reveal(ref, digest, zip, s.signature()), null)));
    }
    if (sent.isEmpty()) {
      return;
    }
    revealInFlight = true;
    log.debug("Revealing {} held results ({} with their upload)", sent.size(), uploads);
    CompletionStage<RevealDone> done =
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
            .thenCompose(
                v -> {
                  List<Reveal> ready = new ArrayList<>();
                  Map<ReplicaRef, Throwable> failed = new LinkedHashMap<>();
                  for (CompletableFuture<RevealPart> f : parts) {
                    RevealPart p = f.join();
                    if (p.uploadFailure() == null) {
                      ready.add(p.reveal());
                    } else {
                      failed.put(p.replica(), p.uploadFailure());
                    }
                  }
                  List<ReplicaRef> posted = ready.stream().map(Reveal::replica).toList();
                  if (ready.isEmpty()) {
                    return CompletableFuture.completedFuture(
                        new RevealDone(sent, posted, null, null, failed, used));
                  }
                  return api.reveal(used, new RevealReport(ready))
                      .handle((ack, x) -> new RevealDone(sent, posted, ack, x, failed, used));
                });
    getContext()
        .pipeToSelf(
            done,
            (d, e) -> d != null ? d : new RevealDone(sent, List.copyOf(sent.keySet()), null, e, Map.of(), used));
  }

  /**
   * The relay signature of a reveal of {@code digest} for {@code h}: at once null off chain, else
   * made on the signing pool (an ECDSA signature takes milliseconds, and a batch holds hundreds).
   * Never fails: a failure is in {@link Signed#failure}.
   */
  private CompletableFuture<Signed> revealSign(HeldResult h, String digest) {
    if (h.chain() == null) {
      return CompletableFuture.completedFuture(new Signed(null, null));
    }
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return new Signed(h.revealSign(digest, key), null);
            } catch (RuntimeException e) {
              return new Signed(null, new SignFailure(e));
            }
          },
          signing);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(new Signed(null, new SignFailure(e)));
    }
  }

  private Behavior<Command> onRevealDone(RevealDone d) {
    revealInFlight = false;
    Throwable retry = null;
    boolean again = false;
    for (Map.Entry<ReplicaRef, Throwable> f : d.uploadFailures().entrySet()) {
      ReplicaRef ref = f.getKey();
      Throwable cause = DispatcherException.unwrap(f.getValue());
      if (cause instanceof SignFailure) {
        log.error("Cannot sign the reveal of [{}]: {}; dropping it", ref, cause.getMessage());
        settleReveal(ref, true);
      } else if (cause instanceof NoSuchFileException) {
        log.error("The held result of [{}] is gone; it cannot be uploaded", ref);
        settleReveal(ref, true);
      } else if (DispatcherException.statusOf(cause) == 401) {
        credentialsRejected(d.used());
      } else if (DispatcherException.isTransient(cause)) {
        retry = cause;
        again = true;
      } else {
        log.error("The dispatcher refused the held result of [{}]: {}", ref, cause.getMessage());
        settleReveal(ref, true);
      }
    }
    if (d.failure() != null) {
      Throwable cause = DispatcherException.unwrap(d.failure());
      if (DispatcherException.isUnknownWorker(cause)) {
        credentialsRejected(d.used());
      } else if (DispatcherException.isTransient(cause)) {
        retry = cause;
        again = true;
      } else {
        log.error("The dispatcher refused the reveals of {}: {}; dropping them", d.posted(), cause.getMessage());
        d.posted().forEach(r -> settleReveal(r, d.sent().get(r)));
      }
    } else if (!d.posted().isEmpty()) {
      Set<ReplicaRef> settled = new HashSet<>();
      if (d.ack() != null && d.ack().accepted() != null) {
        settled.addAll(d.ack().accepted());
      }
      if (d.ack() != null && d.ack().ignored() != null) {
        settled.addAll(d.ack().ignored());
      }
      for (ReplicaRef r : d.posted()) {
        if (settled.contains(r)) {
          settleReveal(r, d.sent().get(r));
        }
      }
      long unacked = d.posted().stream().filter(r -> !settled.contains(r)).count();
      if (unacked > 0) {
        log.warn("The dispatcher did not acknowledge {} of {} reveals; sending them again later", unacked, d.posted().size());
        again = true;
      } else {
        backoff.reset();
      }
    }
    if (again) {
      retryLater(retry);
    } else {
      send();
    }
    maybeFinishDrain();
    return this;
  }

  /**
   * A reveal is done: forgotten, unless the dispatcher asked for the upload while only the digest
   * was on its way.
   */
  private void settleReveal(ReplicaRef r, boolean uploadSent) {
    reveals.computeIfPresent(r, (k, upload) -> upload && !uploadSent ? true : null);
  }

  // ---- persistence ------------------------------------------------------------------------

  private void persist() {
    if (!dirty || writeInFlight) {
      return;
    }
    dirty = false;
    writeInFlight = true;
    List<PendingReport> snapshot = List.copyOf(pending.values());
    getContext().pipeToSelf(store.saveAsync(snapshot), (v, e) -> new Persisted(e));
  }

  private Behavior<Command> onPersisted(Persisted p) {
    writeInFlight = false;
    if (p.failure() != null) {
      log.error("Cannot save [{}]: {}", store.file(), DispatcherException.unwrap(p.failure()).toString());
      if (drainDone) {
        dirty = false;
      } else {
        dirty = true;
        timers.startSingleTimer(PERSIST, PersistNow.INSTANCE, PERSIST_RETRY);
        return this;
      }
    }
    if (dirty) {
      if (drainDone) {
        persist();
      } else {
        schedulePersist();
      }
    }
    replyIfDrained();
    return this;
  }

  // ---- stopping ---------------------------------------------------------------------------

  private Behavior<Command> onDrain(Drain d) {
    drainReplyTo = d.replyTo();
    retryAtNanos = 0;
    timers.cancel(RETRY);
    timers.startSingleTimer(DRAIN, DrainTimedOut.INSTANCE, d.timeout());
    send();
    maybeFinishDrain();
    return this;
  }

  private void maybeFinishDrain() {
    if (drainReplyTo != null && !drainDone && !sendInFlight && !revealInFlight && uploading.isEmpty()
        && (pending.isEmpty() || credentials == null)) {
      finishDrain();
    }
  }

  private Behavior<Command> onDrainTimedOut() {
    if (!drainDone) {
      log.info("Stopping with {} reports not delivered; they are saved for the next start", pending.size());
      finishDrain();
    }
    return this;
  }

  private void finishDrain() {
    drainDone = true;
    timers.cancel(FLUSH);
    timers.cancel(RETRY);
    timers.cancel(DRAIN);
    timers.cancel(PERSIST);
    dirty = true;
    persist();
    replyIfDrained();
  }

  private void replyIfDrained() {
    if (drainDone && !drainReplied && !writeInFlight && !dirty) {
      drainReplied = true;
      drainReplyTo.tell(Drained.INSTANCE);
    }
  }
}
