package org.xwgrid.dispatcher;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/** Every {@code xwgrid.dispatcher} key, read once at start. */
public record DispatcherSettings(
    Path dataDir,
    String httpHost,
    int httpPort,
    int maxJsonBody,
    long maxUploadSize,
    Duration askTimeout,
    Duration maxLongPoll,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    Duration assignmentGrace,
    int maxTasksPerRequest,
    Duration defaultTaskTimeout,
    Duration replicaDeadlineGrace,
    int maxFailures,
    int maxTasks,
    Duration offerRefresh,
    Duration finishedIdle,
    int snapshotEvery,
    int keepSnapshots,
    Duration tokenCacheTtl,
    Duration ticketTtl) {

  public static DispatcherSettings create(Config root) {
    Config c = root.getConfig("xwgrid.dispatcher");
    Config http = c.getConfig("http");
    Config workers = c.getConfig("workers");
    Config jobs = c.getConfig("jobs");
    Config auth = c.getConfig("auth");
    return new DispatcherSettings(
        Path.of(c.getString("data-dir")).toAbsolutePath().normalize(),
        http.getString("host"),
        http.getInt("port"),
        Math.toIntExact(http.getBytes("max-json-body")),
        http.getBytes("max-upload-size"),
        http.getDuration("ask-timeout"),
        http.getDuration("max-long-poll"),
        workers.getDuration("heartbeat-interval"),
        workers.getDuration("heartbeat-timeout"),
        workers.getDuration("assignment-grace"),
        workers.getInt("max-tasks-per-request"),
        jobs.getDuration("default-task-timeout"),
        jobs.getDuration("replica-deadline-grace"),
        jobs.getInt("max-failures"),
        jobs.getInt("max-tasks"),
        jobs.getDuration("offer-refresh"),
        jobs.getDuration("finished-idle"),
        jobs.getInt("snapshot-every"),
        jobs.getInt("keep-snapshots"),
        auth.getDuration("token-cache-ttl"),
        auth.getDuration("ticket-ttl"));
  }
}
