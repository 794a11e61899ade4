package org.xwgrid.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.api.ClientApi.UserRequest;

/**
 * A whole grid on this machine, every part a real process of the xw jar: one dispatcher (H2
 * journal in {@code dir/dispatcher}) and any number of workers, on loopback HTTP. Used by
 * {@code xw demo}, {@code xw bench} and the integration tests, which kill and restart its parts.
 */
public final class LocalGrid implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final String[] dispatcherOptions;
  private final java.util.Map<String, String> dispatcherEnv;
  private final List<Process> workers = new ArrayList<>();
  private Process dispatcher;
  private String enrolmentToken;

  private LocalGrid(Path dir, int port, java.util.Map<String, String> dispatcherEnv, String[] dispatcherOptions) {
    this.dir = dir;
    this.port = port;
    this.dispatcherEnv = dispatcherEnv;
    this.dispatcherOptions = dispatcherOptions;
  }

  /**
   * Starts a dispatcher on a free port, its data under {@code dir}; {@code dispatcherOptions} are
   * JVM options of every start, e.g. {@code -Dxwgrid.dispatcher.workers.heartbeat-timeout=6s}.
   */
  public static LocalGrid start(Path dir, String... dispatcherOptions) throws IOException, InterruptedException {
    return start(dir, java.util.Map.of(), dispatcherOptions);
  }

  /** ... with these environment variables for the dispatcher (e.g. the oracle's key, XW_CHAIN_KEY). */
  public static LocalGrid start(Path dir, java.util.Map<String, String> dispatcherEnv, String... dispatcherOptions)
      throws IOException, InterruptedException {
    LocalGrid g = new LocalGrid(Files.createDirectories(dir), freePort(), dispatcherEnv, dispatcherOptions);
    g.startDispatcher();
    return g;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path dir() {
    return dir;
  }

  public Path dispatcherDir() {
    return dir.resolve("dispatcher");
  }

  public String adminToken() throws IOException {
    return Files.readString(dispatcherDir().resolve("admin.token")).trim();
  }

  public GridClient admin() throws IOException {
    return GridClient.create(url(), adminToken());
  }

  public Process dispatcher() {
    return dispatcher;
  }

  /** (Re)starts the dispatcher process and waits until its gateway answers. */
  public void startDispatcher() throws IOException, InterruptedException {
    List<String> cmd = java(List.of("-Xmx1g"), dispatcherOptions);
    cmd.addAll(List.of("dispatcher", "--data-dir", dispatcherDir().toString(), "--http-port", Integer.toString(port)));
    dispatcher = launch(cmd, dir.resolve("dispatcher.log"), dispatcherEnv);
    awaitListening(Duration.ofSeconds(120));
  }

  /** {@code kill -9} of the dispatcher: no shutdown hook runs. */
  public void killDispatcher() throws InterruptedException {
    dispatcher.destroyForcibly();
    dispatcher.waitFor(30, TimeUnit.SECONDS);
  }

  /** A user of role worker, created once; its token enrols worker nodes. */
  public String enrolmentToken() throws IOException {
    if (enrolmentToken == null) {
      enrolmentToken = admin().createUser(new UserRequest("workers", "worker")).token();
    }
    return enrolmentToken;
  }

  /** Starts a worker process with its own work dir {@code dir/<name>}. */
  public Process startWorker(String name, int slots, String... extraArgs) throws IOException {
    return startWorkerAs(enrolmentToken(), name, slots, extraArgs);
  }

  /**
   * Starts a worker process enrolled with {@code token} (its owner's, whose credits stake and
   * earn for it), with its own work dir {@code dir/<name>}; the same name starts the same worker
   * again.
   */
  public Process startWorkerAs(String token, String name, int slots, String... extraArgs) throws IOException {
    List<String> cmd = java(List.of("-Xmx256m", "-XX:+UseSerialGC"));
    cmd.addAll(
        List.of(
            "worker", "--dispatcher", url(), "--token", token, "--name", name, "--slots",
            Integer.toString(slots), "--work-dir", dir.resolve(name).toString()));
    cmd.addAll(List.of(extraArgs));
    Process p = launch(cmd, dir.resolve(name + ".log"), java.util.Map.of());
    workers.add(p);
    return p;
  }

  @Override
  public void close() {
    for (Process p : workers) {
      p.destroy();
    }
    if (dispatcher != null) {
      dispatcher.destroy();
    }
    try {
      for (Process p : workers) {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      if (dispatcher != null && !dispatcher.waitFor(20, TimeUnit.SECONDS)) {
        dispatcher.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    Path log = dir.resolve("dispatcher.log");
    long from = 0;
    while (System.nanoTime() < end) {
      if (!dispatcher.isAlive()) {
        throw new IOException("the dispatcher stopped; see " + log);
      }
      try {
        GridClient.create(url(), "none").health();
        return;
      } catch (RuntimeException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IOException("the dispatcher did not listen within " + timeout + "; see " + log);
  }

  private static Process launch(List<String> cmd, Path log, java.util.Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return pb
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** The java of this JVM. */
  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The command line that runs this jar: {@code java <options> -jar xw.jar}. */
  static List<String> java(List<String> options, String... more) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(options);
    cmd.addAll(List.of(more));
    cmd.add("-Djdk.lang.Process.launchMechanism=VFORK");
    cmd.add("-jar");
    cmd.add(jar().toString());
    return cmd;
  }

  /** The xw jar: {@code -Dxw.jar}, else the jar this class was loaded from. */
  public static Path jar() {
    String p = System.getProperty("xw.jar");
    if (p != null) {
      return Path.of(p);
    }
    try {
      return Path.of(LocalGrid.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The project folder (for sample-apps/): {@code -Dxw.root}, else two levels above the jar. */
  public static Path root() {
    String p = System.getProperty("xw.root");
    return p != null ? Path.of(p).toAbsolutePath().normalize() : jar().getParent().getParent().getParent();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
