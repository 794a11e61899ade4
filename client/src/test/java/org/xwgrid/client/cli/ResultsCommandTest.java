package org.xwgrid.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.Fixtures;
import org.xwgrid.client.TestingGateway;
import org.xwgrid.client.TestingGateway.Reply;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.Zips;
import org.xwgrid.common.api.ClientApi.TaskList;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.DataRef;

class ResultsCommandTest {
  private final TestingGateway gateway = TestingGateway.start();

  @TempDir Path dir;

  @BeforeEach
  void job() {
    gateway.json("GET", "/api/v1/jobs/j9", 200, Fixtures.job("j9", "FAILED", 3, 0, 0, 2, 1));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  /** A result zip of one output folder holding {@code files}; served for task {@code index}. */
  private DataRef serveResult(int index, Map<String, String> files) throws IOException {
    Path out = dir.resolve("made/" + index);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.createDirectories(out.resolve(f.getKey()).getParent());
      Files.writeString(out.resolve(f.getKey()), f.getValue());
    }
    Path zip = dir.resolve("made/" + index + ".zip");
    Zips.zipFolder(out, zip);
    byte[] bytes = Files.readAllBytes(zip);
    gateway.on("GET", "/api/v1/jobs/j9/tasks/" + index + "/result", r -> Reply.bytes(200, bytes));
    return new DataRef(Hashes.sha256Hex(bytes), bytes.length, "result.zip");
  }

  @Test
  void shouldWriteOneFolderPerTaskAndListTasksWithoutResult() throws IOException {
    DataRef r0 = serveResult(0, Map.of("out.txt", "zero", "img/a.png", "png0"));
    DataRef r2 = serveResult(2, Map.of("out.txt", "two"));
    gateway.json("GET", "/api/v1/jobs/j9/tasks", 200, new TaskList("j9", List.of(
        Fixtures.task(0, "COMPLETED", r0), Fixtures.task(1, "FAILED", null), Fixtures.task(2, "COMPLETED", r2))));
    Path target = dir.resolve("results");
    Xw.Run run = Xw.run(gateway, "results", "j9", "-o", target.toString());
    assertEquals(0, run.exit(), run.toString());
    assertEquals("zero", Files.readString(target.resolve("0/out.txt")));
    assertEquals("png0", Files.readString(target.resolve("0/img/a.png")));
    assertEquals("two", Files.readString(target.resolve("2/out.txt")));
    assertFalse(Files.exists(target.resolve("1")));
    try (var listing = Files.list(target)) {
      assertEquals(List.of("0", "2"), listing.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary files are left");
    }
    assertEquals(List.of("xw results: task 1 has no result (FAILED: exit code 3)"), run.errLines());
    assertEquals("results of 2 of 3 tasks of job j9 are in " + target + "/<task index>/ (1 without result)", run.lastLine());
    assertEquals(Map.of("from", "0", "limit", "1000"), gateway.only("GET", "/api/v1/jobs/j9/tasks").query());
    assertEquals("Bearer " + Xw.TOKEN, gateway.only("GET", "/api/v1/jobs/j9/tasks/0/result").authorization());
  }

  @Test
  void shouldReplaceWhatAnEarlierRunWrote() throws IOException {
    DataRef r0 = serveResult(0, Map.of("out.txt", "new"));
    gateway.json("GET", "/api/v1/jobs/j9/tasks", 200, new TaskList("j9", List.of(Fixtures.task(0, "COMPLETED", r0))));
    Path target = dir.resolve("results");
    Files.createDirectories(target.resolve("0"));
    Files.writeString(target.resolve("0/stale.txt"), "old");
    assertEquals(0, Xw.run(gateway, "results", "j9", "-o", target.toString()).exit());
    assertEquals("new", Files.readString(target.resolve("0/out.txt")));
    assertFalse(Files.exists(target.resolve("0/stale.txt")));
  }

  @Test
  void shouldPrintASummaryWithJson() throws IOException {
    DataRef r0 = serveResult(0, Map.of("out.txt", "zero"));
    gateway.json("GET", "/api/v1/jobs/j9/tasks", 200, new TaskList("j9", List.of(
        Fixtures.task(0, "COMPLETED", r0), Fixtures.task(1, "RUNNING", null))));
    Path target = dir.resolve("r");
    Xw.Run run = Xw.run(gateway, "results", "j9", "--output", target.toString(), "--json");
    assertEquals(0, run.exit(), run.toString());
    ResultsCommand.Results summary = Json.mapper().readValue(run.out(), ResultsCommand.Results.class);
    assertEquals(new ResultsCommand.Results("j9", target.toString(), List.of(0), List.of(1), List.of()), summary);
  }

  @Test
  void shouldPageThroughManyTasks() throws IOException {
    DataRef r = serveResult(1500, Map.of("x", "y"));
    gateway.on("GET", "/api/v1/jobs/j9/tasks", req -> {
      int from = Integer.parseInt(req.query().get("from"));
      int limit = Integer.parseInt(req.query().get("limit"));
      int end = Math.min(from + limit, 1501);
      List<TaskView> page = new java.util.ArrayList<>();
      for (int i = from; i < end; i++) {
        page.add(Fixtures.task(i, i == 1500 ? "COMPLETED" : "PENDING", i == 1500 ? r : null));
      }
      return Reply.json(200, new TaskList("j9", page));
    });
    Xw.Run run = Xw.run(gateway, "results", "j9", "-o", dir.resolve("many").toString(), "--json");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(2, gateway.requests("GET", "/api/v1/jobs/j9/tasks").size());
    assertEquals("y", Files.readString(dir.resolve("many/1500/x")));
    assertEquals(1500, run.errLines().size());
  }

  @Test
  void shouldRefuseAZipThatEscapesItsFolder() throws IOException {
    Path evil = dir.resolve("evil.zip");
    try (OutputStream o = Files.newOutputStream(evil); ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("../../escaped.txt"));
      z.write("gotcha".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    byte[] bytes = Files.readAllBytes(evil);
    gateway.on("GET", "/api/v1/jobs/j9/tasks/0/result", r -> Reply.bytes(200, bytes));
    DataRef good = serveResult(1, Map.of("ok.txt", "fine"));
    gateway.json("GET", "/api/v1/jobs/j9/tasks", 200, new TaskList("j9", List.of(
        Fixtures.task(0, "COMPLETED", new DataRef(Hashes.sha256Hex(bytes), bytes.length, "r.zip")),
        Fixtures.task(1, "COMPLETED", good))));
    Path target = dir.resolve("a/b/results");
    Xw.Run run = Xw.run(gateway, "results", "j9", "-o", target.toString());
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().contains("xw results: task 0: result refused: refusing zip entry outside the target folder"), run.err());
    assertFalse(Files.exists(dir.resolve("a/escaped.txt")));
    assertFalse(Files.exists(target.resolve("0")));
    assertEquals("fine", Files.readString(target.resolve("1/ok.txt")), "the other tasks are still written");
  }

  @Test
  void shouldRefuseAResultWhoseSha256IsNotTheAnnouncedOne() throws IOException {
    DataRef r0 = serveResult(0, Map.of("out.txt", "zero"));
    DataRef wrong = new DataRef("b".repeat(64), r0.size(), r0.name());
    gateway.json("GET", "/api/v1/jobs/j9/tasks", 200, new TaskList("j9", List.of(Fixtures.task(0, "COMPLETED", wrong))));
    Xw.Run run = Xw.run(gateway, "results", "j9", "-o", dir.resolve("r").toString());
    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().contains("task 0: result refused: its sha256 is " + r0.sha256()), run.err());
    assertFalse(Files.exists(dir.resolve("r/0")));
  }

  @Test
  void shouldCountA404OnDownloadAsNoResult() throws IOException {
    gateway.json("GET", "/api/v1/jobs/j9/tasks", 200, new TaskList("j9", List.of(
        Fixtures.task(0, "COMPLETED", new DataRef(Fixtures.SHA, 3, "r.zip")))));
    gateway.error("GET", "/api/v1/jobs/j9/tasks/0/result", 404, "task 0 has no result");
    Xw.Run run = Xw.run(gateway, "results", "j9", "-o", dir.resolve("r").toString());
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of("xw results: task 0 has no result (task 0 has no result (HTTP 404))"), run.errLines());
  }

  @Test
  void shouldRequireAnOutputFolder() {
    Xw.Run run = Xw.run(gateway, "results", "j9");
    assertEquals(2, run.exit());
    assertTrue(run.err().startsWith("Missing required option: '--output=DIR'"), run.err());
  }
}
