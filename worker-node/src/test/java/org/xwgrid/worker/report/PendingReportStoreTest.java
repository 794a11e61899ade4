package org.xwgrid.worker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.TaskReport;

class PendingReportStoreTest {
  @TempDir Path tmp;

  static List<PendingReport> sample() {
    ReplicaRef a = new ReplicaRef("job-1", 0, 1);
    ReplicaRef b = new ReplicaRef("job-1", 1, 2);
    return List.of(
        new PendingReport(
            new TaskReport(a, true, new DataRef("a".repeat(64), 22, "result.zip"), "b".repeat(64), 0, null, 12),
            "job-1-0-1",
            false),
        new PendingReport(new TaskReport(b, false, null, null, 3, "exit code 3; stderr: boom", 40), "job-1-1-2", true));
  }

  @Test
  void shouldSurviveAReload() throws Exception {
    Path file = tmp.resolve("pending-reports.json");
    PendingReportStore.create(file, ForkJoinPool.commonPool()).save(sample());
    assertEquals(sample(), PendingReportStore.create(file, ForkJoinPool.commonPool()).load());
  }

  @Test
  void shouldSaveAsynchronouslyAndReplaceTheFile() throws Exception {
    Path file = tmp.resolve("pending-reports.json");
    PendingReportStore store = PendingReportStore.create(file, ForkJoinPool.commonPool());
    store.saveAsync(sample()).get();
    store.saveAsync(sample().subList(1, 2)).get();
    assertEquals(sample().subList(1, 2), store.load());
    assertFalse(Files.exists(tmp.resolve("pending-reports.json.tmp")));
  }

  @Test
  void shouldStartEmptyWithoutAFile() throws Exception {
    assertEquals(List.of(), PendingReportStore.create(tmp.resolve("none.json"), ForkJoinPool.commonPool()).load());
  }

  @Test
  void shouldSetACorruptFileAsideAndStartEmpty() throws Exception {
    Path file = tmp.resolve("pending-reports.json");
    Files.writeString(file, "{\"version\":1,\"reports\":[{\"repo");
    assertEquals(List.of(), PendingReportStore.create(file, ForkJoinPool.commonPool()).load());
    assertFalse(Files.exists(file));
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("pending-reports.json.corrupt-")));
    }
  }
}
