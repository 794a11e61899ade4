package org.xwgrid.dispatcher.schedule;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.dispatcher.DispatcherSettings;
import org.xwgrid.dispatcher.job.JobEntity;
import org.xwgrid.dispatcher.worker.WorkerEntity;

/**
 * Matches ready tasks to asking workers and watches the workers' liveness. Its memory is not
 * journaled: jobs offer their pending tasks again after a restart and when they see no progress,
 * so assigning a task costs one journal write, in the job. A cluster singleton.
 */
public final class Scheduler extends AbstractBehavior<Scheduler.Command> {

  public sealed interface Command extends CborSerializable {}

  /** The whole truth of a job: replaces what the scheduler had for it. */
  public record Offer(String jobId, Requirements requirements, List<Integer> pending, List<String> holders)
      implements Command {}

  /** More ready tasks of a job (requeued after a failure). */
  public record Add(String jobId, Requirements requirements, List<Integer> tasks) implements Command {}

  public record Withdraw(String jobId) implements Command {}

  /**
   * A worker asks for up to {@code max} tasks; answered by a job with the assignments, or by the
   * scheduler with none after {@code waitMs}.
   */
  public record RequestWork(
      String workerId,
      Capabilities capabilities,
      int max,
      long waitMs,
      ActorRef<JobEntity.Assigned> replyTo,
      String address,
      long score,
      int slots)
      implements Command {
    public RequestWork(
        String workerId, Capabilities capabilities, int max, long waitMs, ActorRef<JobEntity.Assigned> replyTo) {
      this(workerId, capabilities, max, waitMs, replyTo, null, 0, 0);
    }
  }

  /** A worker's PoCo score changed (a certified task settled): its weight in later assignments. */
  public record WorkerScored(String workerId, long score) implements Command {}

  /** The worker's connection closed while its request waited: it must not take work any more. */
  public record CancelWork(String workerId, ActorRef<JobEntity.Assigned> replyTo) implements Command {}

  /** {@code activity}: a volunteer's state in one line (null for a dedicated worker). */
  public record Heartbeat(
      String workerId, Capabilities capabilities, int running, List<String> runningJobs, String activity, ActorRef<Jobs> replyTo)
      implements Command {}

  /** The jobs that must hear of a worker's heartbeat. */
  public record Jobs(List<String> jobIds) implements CborSerializable {}

  /** A worker's progress reports, passed on to the jobs the scheduler knows. */
  public record Progress(String workerId, List<org.xwgrid.common.api.WorkerApi.StatusUpdate> updates)
      implements Command {}

  public record GetLive(ActorRef<Live> replyTo) implements Command {}

  public record LiveWorker(boolean lost, long lastSeen, int running, String activity) implements CborSerializable {}

  public record Live(Map<String, LiveWorker> workers, int queuedTasks) implements CborSerializable {}

  private record Expire(String workerId, long requestNo) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private record Waiting(long no, RequestWork request, int max) {
    Capabilities capabilities() {
      return request.capabilities();
    }

    ActorRef<JobEntity.Assigned> replyTo() {
      return request.replyTo();
    }
  }

  /** Starts the singleton (on dispatcher nodes) and returns its proxy. */
  public static ActorRef<Command> init(
      ActorSystem<?> system,
      DispatcherSettings settings,
      Clock clock,
      Function<String, RecipientRef<JobEntity.Command>> jobs,
      Function<String, RecipientRef<WorkerEntity.Command>> workers) {
    return ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                Behaviors.supervise(create(settings, clock, jobs, workers))
                    .onFailure(SupervisorStrategy.restart()),
                "scheduler"));
  }

  public static Behavior<Command> create(
      DispatcherSettings settings,
      Clock clock,
      Function<String, RecipientRef<JobEntity.Command>> jobs,
      Function<String, RecipientRef<WorkerEntity.Command>> workers) {
    return Behaviors.setup(
        ctx -> Behaviors.withTimers(t -> new Scheduler(ctx, t, settings, clock, jobs, workers)));
  }

  private final TimerScheduler<Command> timers;
  private final DispatcherSettings settings;
  private final Clock clock;
  private final Function<String, RecipientRef<JobEntity.Command>> jobs;
  private final Function<String, RecipientRef<WorkerEntity.Command>> workers;
  private final SchedulerState state = new SchedulerState();
  /** Waiting long polls, oldest first: they are served in turn. */
  private final Map<String, Waiting> waiting = new java.util.LinkedHashMap<>();
  /** Scores learned since this scheduler started, fresher than those the gateway caches with tokens. */
  private final Map<String, Long> scores = new HashMap<>();
  private long requestNo;

  private Scheduler(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      DispatcherSettings settings,
      Clock clock,
      Function<String, RecipientRef<JobEntity.Command>> jobs,
      Function<String, RecipientRef<WorkerEntity.Command>> workers) {
    super(ctx);
    this.timers = timers;
    this.settings = settings;
    this.clock = clock;
    this.jobs = jobs;
    this.workers = workers;
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.heartbeatTimeout().dividedBy(4));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Offer.class, this::onOffer)
        .onMessage(Add.class, this::onAdd)
        .onMessage(Withdraw.class, this::onWithdraw)
        .onMessage(RequestWork.class, this::onRequestWork)
        .onMessage(Heartbeat.class, this::onHeartbeat)
        .onMessage(GetLive.class, this::onGetLive)
        .onMessage(Progress.class, this::onProgress)
        .onMessage(Expire.class, this::onExpire)
        .onMessage(CancelWork.class, this::onCancelWork)
        .onMessage(WorkerScored.class, m -> {
          scores.put(m.workerId(), m.score());
          return this;
        })
        .onMessage(Tick.class, t -> onTick())
        .build();
  }

  private Behavior<Command> onOffer(Offer o) {
    state.offer(o.jobId(), o.requirements(), o.pending(), o.holders(), clock.millis());
    serveWaiting();
    return this;
  }

  private Behavior<Command> onAdd(Add a) {
    state.add(a.jobId(), a.requirements(), a.tasks());
    serveWaiting();
    return this;
  }

  private Behavior<Command> onWithdraw(Withdraw w) {
    state.withdraw(w.jobId());
    return this;
  }

  private Behavior<Command> onRequestWork(RequestWork r) {
    seen(r.workerId(), r.capabilities());
    Waiting old = waiting.remove(r.workerId());
    if (old != null) {
      old.replyTo().tell(JobEntity.Assigned.NONE);
    }
    int max = Math.max(1, Math.min(r.max(), settings.maxTasksPerRequest()));
    SchedulerState.Pick pick = state.take(r.workerId(), r.capabilities(), max);
    if (pick != null) {
      assign(pick, r);
    } else if (r.waitMs() <= 0) {
      r.replyTo().tell(JobEntity.Assigned.NONE);
    } else {
      long no = ++requestNo;
      waiting.put(r.workerId(), new Waiting(no, r, max));
      long wait = Math.min(r.waitMs(), settings.maxLongPoll().toMillis());
      timers.startSingleTimer(r.workerId(), new Expire(r.workerId(), no), Duration.ofMillis(wait));
    }
    return this;
  }

  private void serveWaiting() {
    Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator();
    while (it.hasNext() && state.queuedTasks() > 0) {
      Map.Entry<String, Waiting> e = it.next();
      Waiting w = e.getValue();
      SchedulerState.Pick pick = state.take(e.getKey(), w.capabilities(), w.max());
      if (pick != null) {
        it.remove();
        timers.cancel(e.getKey());
        assign(pick, w.request());
      }
    }
  }

  private void assign(SchedulerState.Pick pick, RequestWork r) {
    long score = scores.getOrDefault(r.workerId(), r.score());
    jobs.apply(pick.jobId()).tell(new JobEntity.Assign(r.workerId(), pick.tasks(), r.replyTo(), r.address(), score, r.slots()));
  }

  private Behavior<Command> onCancelWork(CancelWork c) {
    Waiting w = waiting.get(c.workerId());
    if (w != null && w.replyTo().equals(c.replyTo())) {
      waiting.remove(c.workerId());
      timers.cancel(c.workerId());
    }
    return this;
  }

  private Behavior<Command> onExpire(Expire e) {
    Waiting w = waiting.get(e.workerId());
    if (w != null && w.no() == e.requestNo()) {
      waiting.remove(e.workerId());
      w.replyTo().tell(JobEntity.Assigned.NONE);
    }
    return this;
  }

  private Behavior<Command> onHeartbeat(Heartbeat h) {
    seen(h.workerId(), h.capabilities());
    state.running(h.workerId(), h.running(), h.runningJobs(), h.activity());
    h.replyTo().tell(new Jobs(new ArrayList<>(state.jobsToReconcile(h.workerId(), h.runningJobs()))));
    return this;
  }

  private Behavior<Command> onProgress(Progress p) {
    Map<String, List<org.xwgrid.common.api.WorkerApi.StatusUpdate>> byJob = new HashMap<>();
    for (org.xwgrid.common.api.WorkerApi.StatusUpdate u : p.updates()) {
      byJob.computeIfAbsent(u.replica().jobId(), k -> new ArrayList<>()).add(u);
    }
    Set<String> known = state.jobsToReconcile(p.workerId(), new ArrayList<>(byJob.keySet()));
    byJob.forEach(
        (jobId, updates) -> {
          if (known.contains(jobId)) {
            jobs.apply(jobId).tell(new JobEntity.Progress(p.workerId(), updates));
          }
        });
    return this;
  }

  private void seen(String workerId, Capabilities caps) {
    if (state.seen(workerId, caps, clock.millis())) {
      getContext().getLog().info("Worker [{}] is back", workerId);
      workers.apply(workerId).tell(new WorkerEntity.MarkReturned(clock.millis()));
    }
  }

  private Behavior<Command> onTick() {
    long now = clock.millis();
    Map<String, Set<String>> lost = state.expire(now, settings.heartbeatTimeout().toMillis());
    for (Map.Entry<String, Set<String>> e : lost.entrySet()) {
      String workerId = e.getKey();
      getContext().getLog().warn("Worker [{}] lost: no heartbeat for {}", workerId, settings.heartbeatTimeout());
      workers.apply(workerId).tell(new WorkerEntity.MarkLost(now, "no heartbeat for " + settings.heartbeatTimeout().toSeconds() + "s"));
      for (String jobId : e.getValue()) {
        jobs.apply(jobId).tell(new JobEntity.WorkerLost(workerId));
      }
      Waiting w = waiting.remove(workerId);
      if (w != null) {
        w.replyTo().tell(JobEntity.Assigned.NONE);
      }
    }
    return this;
  }

  private Behavior<Command> onGetLive(GetLive g) {
    Map<String, LiveWorker> out = new HashMap<>();
    state.workers().forEach((id, w) -> out.put(id, new LiveWorker(w.lost(), w.lastSeen(), w.running(), w.activity())));
    g.replyTo().tell(new Live(out, state.queuedTasks()));
    return this;
  }
}
