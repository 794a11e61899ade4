package org.xwgrid.worker.exec.docker;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the Docker executor reads from {@code xwgrid.worker.docker} (see {@code reference.conf}),
 * read once. {@code host} is the engine's address ("" = {@code DOCKER_HOST}, else the local
 * socket); {@code user} runs the tasks ({@code uid:gid}); {@code tmpSizeBytes} bounds the {@code
 * /tmp} tmpfs; {@code label} prefixes the labels put on containers; the two timeouts bound each
 * short engine call (never the wait for a task, its logs or an image load). {@code
 * stderrTailBytes} is the worker's {@code task.stderr-tail}.
 */
public record DockerSettings(
    DockerMode enabled,
    String host,
    String user,
    long tmpSizeBytes,
    String label,
    Duration connectTimeout,
    Duration responseTimeout,
    int stderrTailBytes) {

  public static final String PATH = "xwgrid.worker.docker";
  static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

  public DockerSettings {
    host = host == null ? "" : host.strip();
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("docker.user must not be empty (e.g. 65534:65534)");
    }
    if (tmpSizeBytes <= 0) {
      throw new IllegalArgumentException("docker.tmp-size must be positive");
    }
    if (label == null || !LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "docker.label '" + label + "' is not a label key prefix such as org.xwgrid");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()
        || responseTimeout.isNegative() || responseTimeout.isZero()) {
      throw new IllegalArgumentException("docker.connect-timeout and docker.response-timeout must be positive");
    }
  }

  /** Reads {@code xwgrid.worker.docker} (and {@code xwgrid.worker.task.stderr-tail}) of {@code config}. */
  public static DockerSettings fromConfig(Config config) {
    return read(new Reader(config.getConfig(PATH)), config.getBytes("xwgrid.worker.task.stderr-tail").intValue());
  }

  /**
   * The keys {@link #fromConfig} reads, relative to {@code xwgrid.worker} ({@code docker.host},
   * ...), for the worker's dead-config test.
   */
  public static Set<String> keysRead(Config config) {
    Reader r = new Reader(config.getConfig(PATH));
    read(r, 0);
    Set<String> keys = new TreeSet<>();
    r.read.forEach(k -> keys.add("docker." + k));
    return keys;
  }

  private static DockerSettings read(Reader c, int stderrTailBytes) {
    return new DockerSettings(
        DockerMode.parse(c.c.getString(c.key("enabled"))),
        c.c.getString(c.key("host")),
        c.c.getString(c.key("user")),
        c.c.getBytes(c.key("tmp-size")),
        c.c.getString(c.key("label")),
        c.c.getDuration(c.key("connect-timeout")),
        c.c.getDuration(c.key("response-timeout")),
        stderrTailBytes);
  }

  /** The engine's address: {@code host}, else {@code DOCKER_HOST} of {@code env}, else the local socket. */
  public String dockerHost(Map<String, String> env) {
    if (!host.isEmpty()) {
      return host;
    }
    String fromEnv = env.get("DOCKER_HOST");
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_HOST : fromEnv.strip();
  }

  /** The label key of the worker that owns a container. */
  public String ownerLabel() {
    return label + ".owner";
  }

  /** The label key of the replica a container runs. */
  public String replicaLabel() {
    return label + ".replica";
  }

  /** A command-line override of {@code enabled}. */
  public DockerSettings withEnabled(DockerMode v) {
    return new DockerSettings(v, host, user, tmpSizeBytes, label, connectTimeout, responseTimeout, stderrTailBytes);
  }

  /** Remembers which keys were read. */
  private static final class Reader {
    private final Config c;
    private final Set<String> read = new TreeSet<>();

    Reader(Config c) {
      this.c = c;
    }

    String key(String k) {
      read.add(k);
      return k;
    }
  }
}
