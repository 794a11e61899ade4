package org.xwgrid.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xwgrid.client.GridClient;
import org.xwgrid.client.internal.JobFile;
import org.xwgrid.client.internal.Views;
import org.xwgrid.common.Names;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.common.api.TaskLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xw submit}: uploads the inputs, submits the job, prints the new job's id alone on the last
 * line (with {@code --json}, the whole JobView instead).
 */
@Command(
    name = "submit",
    description = {
      "Submit a job: N tasks of an app, each run with --KEY=VALUE for every --arg (a {index} in a"
          + " value becomes the task's index) and every --sweep value of its combination, with the"
          + " --input files in its input folder. Prints the new job's id alone on the last line.",
      "With --file JOB.json the job comes from a JSON file (the fields of a JobRequest, but 'inputs'"
          + " lists file paths relative to the job file's folder); flags given beside it override the"
          + " file: --arg and --sweep key by key, --input and --tag as whole lists, the rest field by"
          + " field.",
      "With --trust T the tasks are certified by Proof-of-Contribution (--category and --price then"
          + " set their deadlines and what each costs); xw status JOB --replicas shows how they stand."
    })
public final class SubmitCommand extends GridCommand {
  static final int PARALLEL_UPLOADS = 4;

  @Option(names = "--file", paramLabel = "JOB.json", description = "Read the job from this JSON file.")
  Path file;

  @Option(names = "--app", paramLabel = "NAME", description = "The registered app to run.")
  String app;

  @Option(names = "--tasks", paramLabel = "N",
      description = "Number of tasks (with --sweep: 0 or the number of combinations).")
  Integer tasks;

  @Option(names = "--arg", paramLabel = "KEY=VALUE", description = "An argument --KEY=VALUE of every task (repeatable).")
  List<String> args;

  @Option(names = "--input", paramLabel = "FILE", description = "An input file, uploaded first (repeatable).")
  List<Path> inputs;

  @Option(names = "--sweep", paramLabel = "KEY=V1,V2,...",
      description = "A parameter swept over: one task per combination of the sweeps (repeatable).")
  List<String> sweeps;

  @Option(names = "--name", paramLabel = "NAME", description = "A name for the job.")
  String name;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Most seconds one task may run.")
  Long timeoutSeconds;

  @Option(names = "--max-failures", paramLabel = "N", description = "Failed attempts allowed per task.")
  Integer maxFailures;

  @Option(names = "--require-os", paramLabel = "OS", description = "Run only on workers of this OS (e.g. linux).")
  String requireOs;

  @Option(names = "--require-arch", paramLabel = "ARCH", description = "Run only on workers of this arch (e.g. amd64).")
  String requireArch;

  @Option(names = "--min-cores", paramLabel = "N", description = "Run only on workers with at least N cores.")
  Integer minCores;

  @Option(names = "--min-memory-mb", paramLabel = "MB", description = "Run only on workers with at least MB MiB.")
  Long minMemoryMb;

  @Option(names = "--tag", paramLabel = "TAG", description = "Run only on workers with this tag (repeatable).")
  List<String> tags;

  @Option(names = "--trust", paramLabel = "T",
      description = "Certify every task by Proof-of-Contribution: replicas on distinct workers until one"
          + " result's credibility exceeds 1 - 1/T (an integer, at least 1).")
  Integer trust;

  @Option(names = "--category", paramLabel = "NAME",
      description = "With --trust, the category whose period sets the tasks' deadlines (default: the dispatcher's).")
  String category;

  @Option(names = "--price", paramLabel = "CREDITS",
      description = "With --trust, the credits paid per task (at least 0), locked from your account at submit.")
  Long price;

  @Option(names = "--memory-mb", paramLabel = "MB",
      description = "Most memory (swap included) one task may use, in MiB; past it the task is killed as out of memory.")
  Long memoryMb;

  @Option(names = "--cpus", paramLabel = "N", description = "Most CPU one task may use, in cores (e.g. 0.5).")
  Double cpus;

  @Option(names = "--pids", paramLabel = "N", description = "Most processes and threads one task may run.")
  Integer pids;

  @Option(names = "--json", description = "Print the new job as JSON (a JobView) instead of its id.")
  boolean json;

  @Override
  protected int run() throws IOException {
    JobFile base = file == null ? JobFile.EMPTY : JobFile.read(file);
    List<Path> inputFiles = inputs != null ? inputs : file == null ? List.of() : base.inputPaths(file);
    JobRequest draft = merge(base);
    checkInputs(inputFiles);
    requireToken();

    GridClient grid = client();
    List<DataRef> uploaded = upload(grid, inputFiles);
    JobRequest request = new JobRequest(draft.app(), draft.name(), draft.tasks(), draft.args(), draft.sweep(),
        uploaded, draft.timeoutSeconds(), draft.maxFailures(), draft.requirements(),
        draft.trust(), draft.category(), draft.price(), draft.limits());
    JobView job = grid.submitJob(request);
    if (json) {
      printJson(job);
    } else {
      out().println("submitted " + Views.summary(job));
      String certification = Views.certification(job);
      if (certification != null) {
        out().println(certification);
      }
      out().println(job.id());
    }
    return 0;
  }

  /** The job request of the file overridden by the flags, without inputs. */
  private JobRequest merge(JobFile base) {
    String appName = app != null ? app : base.app();
    if (appName == null || appName.isBlank()) {
      throw usage(file == null ? "missing --app NAME" : "no app: give --app NAME or \"app\" in " + file);
    }
    Map<String, String> argMap = new LinkedHashMap<>(base.args() == null ? Map.of() : base.args());
    argMap.putAll(parseArgs());
    Map<String, List<String>> sweepMap = new LinkedHashMap<>(base.sweep() == null ? Map.of() : base.sweep());
    sweepMap.putAll(parseSweeps());
    Integer n = tasks != null ? tasks : base.tasks();
    if (n == null) {
      if (sweepMap.isEmpty()) {
        throw usage("missing --tasks N (or --sweep, or --file)");
      }
      n = 0;
    }
    if (n < 0 || (n == 0 && sweepMap.isEmpty())) {
      throw usage("--tasks must be at least 1, not " + n);
    }
    Long timeout = timeoutSeconds != null ? timeoutSeconds : base.timeoutSeconds();
    if (timeout != null && timeout <= 0) {
      throw usage("--timeout must be a positive number of seconds, not " + timeout);
    }
    Integer failures = maxFailures != null ? maxFailures : base.maxFailures();
    if (failures != null && failures < 0) {
      throw usage("--max-failures must not be negative");
    }
    Integer t = trust != null ? trust : base.trust();
    if (t != null && t < 1) {
      throw usage("--trust must be at least 1, not " + t);
    }
    String cat = category != null ? category : base.category();
    if (cat != null && cat.isBlank()) {
      throw usage("--category must not be empty");
    }
    Long p = price != null ? price : base.price();
    if (p != null && p < 0) {
      throw usage("--price must not be negative, not " + p);
    }
    if (t == null && (cat != null || p != null)) {
      throw usage((cat != null ? "--category" : "--price")
          + " applies to certified jobs only: give --trust T too (1 for a single certified run)");
    }
    return new JobRequest(appName, name != null ? name : base.name(), n,
        argMap.isEmpty() ? null : argMap, sweepMap.isEmpty() ? null : sweepMap, null,
        timeout, failures, requirements(base.requirements()), t, cat, p, limits(base.limits()));
  }

  private TaskLimits limits(TaskLimits base) {
    if (memoryMb == null && cpus == null && pids == null) {
      return base;
    }
    TaskLimits b = base != null ? base : TaskLimits.NONE;
    try {
      return new TaskLimits(
          memoryMb != null ? memoryMb : b.memoryMb(), cpus != null ? cpus : b.cpus(), pids != null ? pids : b.pids());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private Requirements requirements(Requirements base) {
    boolean flags = requireOs != null || requireArch != null || minCores != null || minMemoryMb != null || tags != null;
    if (!flags) {
      return base;
    }
    Requirements b = base != null ? base : Requirements.ANY;
    try {
      return new Requirements(
          requireOs != null ? requireOs : b.os(),
          requireArch != null ? requireArch : b.arch(),
          minCores != null ? minCores : b.minCores(),
          minMemoryMb != null ? minMemoryMb : b.minMemoryMb(),
          tags != null ? tags : b.tags());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private Map<String, String> parseArgs() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : args == null ? List.<String>of() : args) {
      String[] kv = keyValue("--arg", a);
      if (out.put(kv[0], kv[1]) != null) {
        throw usage("--arg " + kv[0] + " is given twice");
      }
    }
    return out;
  }

  private Map<String, List<String>> parseSweeps() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String s : sweeps == null ? List.<String>of() : sweeps) {
      String[] kv = keyValue("--sweep", s);
      List<String> values = Arrays.asList(kv[1].split(",", -1));
      if (values.stream().anyMatch(String::isEmpty)) {
        throw usage("--sweep " + s + " has an empty value: write KEY=V1,V2,...");
      }
      if (out.put(kv[0], List.copyOf(values)) != null) {
        throw usage("--sweep " + kv[0] + " is given twice");
      }
    }
    return out;
  }

  private String[] keyValue(String option, String s) {
    int eq = s.indexOf('=');
    if (eq <= 0) {
      throw usage(option + " '" + s + "' must be KEY=VALUE");
    }
    String key = s.substring(0, eq);
    if (!key.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw usage(option + " key '" + key + "' must be 1-64 of A-Z a-z 0-9 _ . -");
    }
    return new String[] {key, s.substring(eq + 1)};
  }

  /** Every input exists, is a file, and has a plain file name not used twice. */
  private static void checkInputs(List<Path> files) {
    Set<String> names = new HashSet<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("input " + f + " is missing or not a file");
      }
      String fileName = String.valueOf(f.getFileName());
      Names.requireFileName("input file name", fileName);
      if (!names.add(fileName)) {
        throw new IllegalArgumentException("two inputs are named " + fileName + ": an input folder holds each name once");
      }
    }
  }

  /** Uploads the inputs, a few at a time, and returns their refs in the order given. */
  private List<DataRef> upload(GridClient grid, List<Path> files) {
    List<DataRef> refs = new ArrayList<>();
    for (int i = 0; i < files.size(); i += PARALLEL_UPLOADS) {
      List<CompletableFuture<DataRef>> pending = new ArrayList<>();
      for (Path f : files.subList(i, Math.min(i + PARALLEL_UPLOADS, files.size()))) {
        pending.add(grid.uploadFileAsync(f, String.valueOf(f.getFileName())).toCompletableFuture());
      }
      for (CompletableFuture<DataRef> p : pending) {
        DataRef ref = GridClient.await(p);
        refs.add(ref);
        if (!json) {
          out().println("uploaded input " + ref.name() + " (" + Views.size(ref.size()) + ", sha256 "
              + Views.shortSha(ref.sha256()) + ")");
        }
      }
    }
    return refs;
  }
}
