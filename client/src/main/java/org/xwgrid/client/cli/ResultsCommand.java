package org.xwgrid.client.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xwgrid.client.GridClient;
import org.xwgrid.client.GridClientException;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Zips;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xw results JOB -o DIR [--json]}: writes each task's output files into {@code DIR/<task
 * index>/}, lists the tasks without result on stderr, prints where the results are. A result that
 * is not what the dispatcher announced (sha256) or that would write outside its folder is refused,
 * and the command then exits 1.
 */
@Command(
    name = "results",
    description =
        "Download a job's results: the output files of each task go into DIR/<task index>/."
            + " Tasks without a result are listed on stderr.")
public final class ResultsCommand extends GridCommand {
  static final int PARALLEL_DOWNLOADS = 4;

  /** What {@code --json} prints. */
  public record Results(String jobId, String directory, List<Integer> written, List<Integer> missing, List<Integer> refused) {}

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String jobId;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Folder to write the results into.")
  Path output;

  @Option(names = "--json", description = "Print a summary as JSON: jobId, directory, written, missing, refused.")
  boolean json;

  @Override
  protected int run() throws IOException {
    requireToken();
    GridClient grid = client();
    JobView job = grid.getJob(jobId);
    List<TaskView> tasks = grid.listAllTasks(jobId);
    Files.createDirectories(output);

    List<Integer> written = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    List<Integer> refused = new ArrayList<>();
    List<TaskView> withResult = new ArrayList<>();
    for (TaskView t : tasks) {
      if (t.result() == null) {
        missing.add(t.index());
        warn("task " + t.index() + " has no result (" + t.state() + lastError(t) + ")");
      } else {
        withResult.add(t);
      }
    }
    for (int i = 0; i < withResult.size(); i += PARALLEL_DOWNLOADS) {
      List<TaskView> batch = withResult.subList(i, Math.min(i + PARALLEL_DOWNLOADS, withResult.size()));
      List<CompletableFuture<Path>> downloads = new ArrayList<>();
      for (TaskView t : batch) {
        downloads.add(grid.downloadResultAsync(job.id(), t.index(), output.resolve(".xw-result-" + t.index() + ".zip"))
            .toCompletableFuture());
      }
      for (int k = 0; k < batch.size(); k++) {
        TaskView t = batch.get(k);
        try {
          Path zip = GridClient.await(downloads.get(k));
          try {
            unpack(t, zip);
            written.add(t.index());
          } finally {
            Files.deleteIfExists(zip);
          }
        } catch (GridClientException e) {
          if (e.status() != 404) {
            throw e;
          }
          missing.add(t.index());
          warn("task " + t.index() + " has no result (" + e.getMessage() + ")");
        } catch (IOException | UncheckedIOException e) {
          refused.add(t.index());
          warn("task " + t.index() + ": result refused: "
              + (e instanceof UncheckedIOException u ? describe(u.getCause()) : describe((IOException) e)));
        }
      }
    }
    missing.sort(Comparator.naturalOrder());
    if (json) {
      printJson(new Results(job.id(), output.toString(), written, missing, refused));
    } else {
      out().println("results of " + written.size() + " of " + job.tasks() + " tasks of job " + job.id()
          + " are in " + output + "/<task index>/"
          + (missing.isEmpty() ? "" : " (" + missing.size() + " without result)")
          + (refused.isEmpty() ? "" : " (" + refused.size() + " refused)"));
    }
    return refused.isEmpty() ? 0 : 1;
  }

  /** Checks the zip against the announced sha256 and unzips it into a fresh {@code DIR/<index>}. */
  private void unpack(TaskView task, Path zip) throws IOException {
    String expected = task.result().sha256();
    if (Hashes.isSha256(expected)) {
      String got = Hashes.sha256Hex(zip);
      if (!got.equals(expected)) {
        throw new IOException("its sha256 is " + got + ", not " + expected);
      }
    }
    Zips.unzipReplacing(zip, output.resolve(Integer.toString(task.index())));
  }

  private static String lastError(TaskView t) {
    return t.errors() == null || t.errors().isEmpty() ? "" : ": " + t.errors().get(t.errors().size() - 1);
  }
}
