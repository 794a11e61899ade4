package org.xwgrid.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.common.api.TaskLimits;

/**
 * The JSON file of {@code xw submit --file JOB.json}: the fields of a {@code JobRequest}, except
 * that {@code inputs} lists file paths, relative to the job file's folder, to upload first.
 * {@code trust}, {@code category} and {@code price} certify the job by Proof-of-Contribution;
 * {@code limits} ({@code {"memoryMb": 256, "cpus": 0.5, "pids": 64}}) caps each task.
 */
public record JobFile(
    String app,
    String name,
    Integer tasks,
    Map<String, String> args,
    Map<String, List<String>> sweep,
    List<String> inputs,
    Long timeoutSeconds,
    Integer maxFailures,
    Requirements requirements,
    Integer trust,
    String category,
    Long price,
    TaskLimits limits) {

  public static final JobFile EMPTY =
      new JobFile(null, null, null, null, null, null, null, null, null, null, null, null, null);

  /**
   * Reads {@code file} (unknown fields are errors). Throws {@link IllegalArgumentException} with a
   * one-line reason when it is missing or not a job file.
   */
  public static JobFile read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("job file " + file + " is missing");
    }
    try {
      return JsonFiles.read(file, JobFile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonFiles.describe(file, e), e);
    }
  }

  /** The input files, resolved against the folder of the job file {@code file}. */
  public List<Path> inputPaths(Path file) {
    Path base = file.getParent() == null ? Path.of("") : file.getParent();
    return inputs == null ? List.of() : inputs.stream().map(base::resolve).map(Path::normalize).toList();
  }
}
