package org.xwgrid.dispatcher;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.xwgrid.common.poco.Category;

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
    Duration ticketTtl,
    Poco poco) {

  /** The {@code poco} section: the terms of certified jobs. */
  public record Poco(
      Map<String, Category> categories,
      String defaultCategory,
      int workerStakeRatio,
      int schedulerRatio,
      Duration uploadTimeout,
      int maxTrust,
      long maxPrice) {

    static Poco create(Config c) {
      Map<String, Category> cats = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      Config cs = c.getConfig("categories");
      for (String name : cs.root().keySet()) {
        cats.put(name, Category.of(name, cs.getDuration(name)));
      }
      String dflt = c.getString("default-category");
      if (!cats.containsKey(dflt)) {
        throw new IllegalArgumentException("xwgrid.dispatcher.poco.default-category " + dflt + " is not among the categories " + cats.keySet());
      }
      int stake = c.getInt("worker-stake-ratio");
      int sched = c.getInt("scheduler-ratio");
      if (stake < 0 || stake > 100 || sched < 0 || sched > 100) {
        throw new IllegalArgumentException("xwgrid.dispatcher.poco ratios are percentages (0 to 100)");
      }
      return new Poco(Map.copyOf(cats), dflt, stake, sched, c.getDuration("upload-timeout"), c.getInt("max-trust"), c.getLong("max-price"));
    }

    /** The category of that name (case-insensitive), or null. */
    public Category category(String name) {
      for (Map.Entry<String, Category> e : categories.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }
  }

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
        auth.getDuration("ticket-ttl"),
        Poco.create(c.getConfig("poco")));
  }
}
