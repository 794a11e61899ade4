package org.xwgrid.worker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.xwgrid.worker.exec.SandboxMode;
import org.xwgrid.worker.exec.docker.DockerMode;
import org.xwgrid.worker.net.DispatcherException;
import org.xwgrid.worker.task.Misbehaviour;
import org.xwgrid.worker.task.Saboteur;
import org.xwgrid.worker.volunteer.Policy;
import org.xwgrid.worker.volunteer.VolunteerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xw worker}: runs a worker node until SIGTERM/SIGINT. Errors are one line on stderr:
 * exit code 2 for bad options, 1 when the node cannot start or has to stop.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run a worker node: register with a dispatcher, pull tasks, run them, report results.")
public final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--dispatcher",
      paramLabel = "URL",
      defaultValue = "${env:XW_DISPATCHER}",
      description = "Dispatcher base URL, e.g. http://host:8080 (default: $XW_DISPATCHER).")
  String dispatcher;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:XW_TOKEN}",
      description = "Enrolment token, a user token of role worker (default: $XW_TOKEN); only needed on first start of a work dir.")
  String token;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A HOCON file of xwgrid.worker settings (see conf/worker.conf) over the defaults; flags win over it.")
  Path config;

  @Option(
      names = "--docker",
      paramLabel = "MODE",
      description = "Docker apps: auto (run them if a Docker engine answers), required (refuse to start without one) or off (default: auto).")
  String docker;

  @Option(
      names = "--volunteer",
      paramLabel = "POLICY",
      description = "Lend this host as a volunteer: always, idle (when no other CPU load for a while),"
          + " windows (in the volunteer.windows of --config) or idle-and-windows (default: always).")
  String volunteer;

  @Option(
      names = "--owner-activity-file",
      paramLabel = "FILE",
      description = "SIMULATED OWNER, for tests and demos: while FILE exists the host's owner counts as active"
          + " (tasks pause, then are withdrawn after the grace period). Needs --volunteer idle or idle-and-windows.")
  Path ownerActivityFile;

  @Option(names = "--slots", paramLabel = "N", description = "Tasks run at once (default: one per core, as the memory allows).")
  Integer slots;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Identity, caches and task folders (default: ./xw-worker).")
  Path workDir;

  @Option(names = "--name", paramLabel = "NAME", description = "Name shown by the dispatcher (default: the host name).")
  String name;

  @Option(names = "--tag", paramLabel = "TAG", description = "A capability tag; repeatable.")
  List<String> tags;

  @Option(
      names = "--sandbox",
      paramLabel = "MODE",
      description = "auto (bubblewrap if available), bwrap (required) or none (default: auto).")
  String sandbox;

  @Option(
      names = "--testing-saboteur",
      paramLabel = "MODE",
      description =
          "FOR TESTS ONLY: make this worker lie on certified (PoCo) tasks, to test result certification."
              + " collude: every colluding worker returns the same wrong result; random: each returns a"
              + " different wrong result. Never use it on a real grid.")
  String testingSaboteur;

  @Option(
      names = "--testing-misbehave",
      paramLabel = "MODE",
      description =
          "FOR TESTS ONLY: make this worker break the reveal protocol of certified (PoCo) tasks, to test"
              + " the dispatcher's reveal and upload deadlines. no-reveal: never reveals nor uploads;"
              + " no-upload: reveals but never uploads; bad-reveal: reveals a digest other than the one"
              + " it committed to and never uploads. Combines with --testing-saboteur. Never use it on a"
              + " real grid.")
  String testingMisbehave;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    WorkerNodeSettings settings;
    try {
      settings = settings();
      settings.validate();
    } catch (IllegalArgumentException e) {
      err.println("xw worker: " + e.getMessage());
      err.flush();
      return 2;
    } catch (ConfigException e) {
      err.println("xw worker: bad configuration: " + e.getMessage());
      err.flush();
      return 2;
    }
    WorkerNode node;
    try {
      node = WorkerNode.start(settings, config());
    } catch (WorkerNodeException e) {
      err.println("xw worker: " + e.getMessage());
      err.flush();
      return 1;
    }
    try {
      node.termination().toCompletableFuture().join();
      return 0;
    } catch (CompletionException e) {
      err.println("xw worker: " + DispatcherException.unwrap(e).getMessage());
      err.flush();
      return 1;
    }
  }

  /** The defaults, under the --config file if any: what the node reads beyond its settings (isolation, Pekko). */
  Config config() {
    Config base = ConfigFactory.load();
    if (config == null) {
      return base;
    }
    if (!java.nio.file.Files.isRegularFile(config)) {
      throw new IllegalArgumentException("--config " + config + ": no such file");
    }
    return ConfigFactory.parseFile(config.toFile()).withFallback(base).resolve();
  }

  /** The settings from the config with the flags applied. */
  WorkerNodeSettings settings() {
    WorkerNodeSettings s = WorkerNodeSettings.fromConfig(config());
    if (docker != null) {
      s = s.withDocker(s.docker().withEnabled(DockerMode.parse(docker)));
    }
    if (volunteer != null || ownerActivityFile != null) {
      VolunteerSettings v = s.volunteer();
      if (volunteer != null) {
        v = v.withPolicy(Policy.parse(volunteer));
      }
      if (ownerActivityFile != null) {
        v = v.withSimulatedOwnerFile(ownerActivityFile.toAbsolutePath());
      }
      s = s.withVolunteer(v);
    }
    if (dispatcher != null && !dispatcher.isBlank()) {
      s = s.withDispatcher(dispatcher);
    }
    if (token != null && !token.isBlank()) {
      s = s.withToken(token);
    }
    if (slots != null) {
      if (slots < 1) {
        throw new IllegalArgumentException("--slots must be at least 1");
      }
      s = s.withSlots(slots);
    }
    if (workDir != null) {
      s = s.withWorkDir(workDir);
    }
    if (name != null) {
      s = s.withName(name);
    }
    if (tags != null) {
      s = s.withTags(tags);
    }
    if (sandbox != null) {
      s = s.withSandbox(SandboxMode.parse(sandbox));
    }
    if (testingSaboteur != null) {
      s = s.withTestingSaboteur(Saboteur.parse(testingSaboteur));
    }
    if (testingMisbehave != null) {
      s = s.withTestingMisbehave(Misbehaviour.parse(testingMisbehave));
    }
    return s;
  }
}
