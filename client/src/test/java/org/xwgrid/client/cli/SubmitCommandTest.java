package org.xwgrid.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.Fixtures;
import org.xwgrid.client.TestingGateway;
import org.xwgrid.client.TestingGateway.Recorded;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.Requirements;

class SubmitCommandTest {
  private final TestingGateway gateway = TestingGateway.start();
  private final JobView created = Fixtures.job("job-42", "RUNNING", 3, 3);

  @TempDir Path dir;

  @BeforeEach
  void routes() {
    gateway.json("POST", "/api/v1/jobs", 201, created);
    gateway.withDataStore();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private JobRequest sent() {
    Recorded r = gateway.only("POST", "/api/v1/jobs");
    assertEquals("Bearer " + Xw.TOKEN, r.authorization());
    return r.bodyAs(JobRequest.class);
  }

  @Test
  void shouldSubmitAndPrintTheIdAloneOnTheLastLine() {
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "3", "--name", "pi-run",
        "--arg", "seed={index}", "--arg", "samples=1000", "--timeout", "120", "--max-failures", "2",
        "--require-os", "linux", "--require-arch", "amd64", "--min-cores", "2", "--min-memory-mb", "512",
        "--tag", "gpu", "--tag", "ssd");
    assertEquals(0, run.exit(), run.toString());
    assertEquals("job-42", run.lastLine());
    JobRequest req = sent();
    assertEquals("pi", req.app());
    assertEquals("pi-run", req.name());
    assertEquals(3, req.tasks());
    assertEquals(List.of("seed", "samples"), List.copyOf(req.args().keySet()), "args keep their order");
    assertEquals("{index}", req.args().get("seed"), "{index} is left to the dispatcher");
    assertEquals(120L, req.timeoutSeconds());
    assertEquals(2, req.maxFailures());
    assertEquals(new Requirements("linux", "amd64", 2, 512, List.of("gpu", "ssd")), req.requirements());
    assertNull(req.sweep());
    assertEquals(List.of(), req.inputs());
    assertEquals("", run.err());
  }

  @Test
  void shouldPrintTheWholeJobViewWithJson() throws IOException {
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "3", "--json");
    assertEquals(0, run.exit(), run.toString());
    assertEquals(created, Json.mapper().readValue(run.out(), JobView.class));
  }

  @Test
  void shouldUploadInputsBeforeSubmitting() throws IOException {
    Path a = Files.writeString(dir.resolve("a.txt"), "alpha");
    Path b = Files.writeString(dir.resolve("b.dat"), "beta");
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--input", a.toString(), "--input", b.toString());
    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of(
        new DataRef(Hashes.sha256Hex("alpha"), 5, "a.txt"),
        new DataRef(Hashes.sha256Hex("beta"), 4, "b.dat")), sent().inputs());
    List<String> order = gateway.describe();
    assertTrue(order.get(order.size() - 1).startsWith("POST /api/v1/jobs"), order.toString());
    assertEquals(Map.of("name", "a.txt"), gateway.only("PUT", "/api/v1/data/" + Hashes.sha256Hex("alpha")).query());
    assertEquals("job-42", run.lastLine());
  }

  @Test
  void shouldRejectAnInputWhoseNameIsNotAPlainFileName() throws IOException {
    Path bad = Files.writeString(dir.resolve("my input.txt"), "x");
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--input", bad.toString());
    assertEquals(1, run.exit(), run.toString());
    assertEquals(1, run.errLines().size(), run.toString());
    assertTrue(run.err().startsWith("xw submit: input file name 'my input.txt' is not a plain file name"), run.err());
    assertTrue(gateway.requests().isEmpty(), "nothing is sent: " + gateway.describe());
  }

  @Test
  void shouldRejectAMissingInput() {
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--input", dir.resolve("nope.txt").toString());
    assertEquals(1, run.exit(), run.toString());
    assertEquals("xw submit: input " + dir.resolve("nope.txt") + " is missing or not a file", run.err().strip());
    assertTrue(gateway.requests().isEmpty());
  }

  @Test
  void shouldReadAJobFileWithInputsRelativeToItsFolderAndLetFlagsOverrideIt() throws IOException {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(jobs.resolve("img.png"), "png bytes");
    Files.writeString(jobs.resolve("job.json"), """
        {"app": "cartoon", "name": "from-file", "tasks": 4,
         "args": {"mode": "soft", "level": "2"},
         "sweep": {"size": ["1", "2"]},
         "inputs": ["img.png"],
         "timeoutSeconds": 30,
         "requirements": {"os": "linux", "minCores": 2}}
        """);
    Xw.Run run = Xw.run(gateway, "submit", "--file", jobs.resolve("job.json").toString(),
        "--tasks", "2", "--arg", "level=9", "--min-cores", "4", "--name", "overridden");
    assertEquals(0, run.exit(), run.toString());
    JobRequest req = sent();
    assertEquals("cartoon", req.app());
    assertEquals("overridden", req.name());
    assertEquals(2, req.tasks());
    Map<String, String> args = new LinkedHashMap<>();
    args.put("mode", "soft");
    args.put("level", "9");
    assertEquals(args, req.args());
    assertEquals(Map.of("size", List.of("1", "2")), req.sweep());
    assertEquals(30L, req.timeoutSeconds());
    assertNull(req.maxFailures());
    assertEquals(new Requirements("linux", null, 4, 0, List.of()), req.requirements());
    assertEquals(List.of(new DataRef(Hashes.sha256Hex("png bytes"), 9, "img.png")), req.inputs());
    assertEquals("job-42", run.lastLine());
  }

  @Test
  void shouldSayWhichFieldOfAJobFileIsUnknown() throws IOException {
    Path file = Files.writeString(dir.resolve("job.json"), "{\"app\": \"pi\", \"taks\": 3}");
    Xw.Run run = Xw.run(gateway, "submit", "--file", file.toString());
    assertEquals(1, run.exit(), run.toString());
    assertEquals(1, run.errLines().size(), run.toString());
    assertTrue(run.err().contains("job.json: Unrecognized field \"taks\""), run.err());
    assertTrue(run.err().contains("(line 1, column"), run.err());
  }

  @Test
  void shouldSubmitASweepWithoutTasks() {
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--sweep", "x=1,2,3", "--sweep", "y=a,b");
    assertEquals(0, run.exit(), run.toString());
    JobRequest req = sent();
    assertEquals(0, req.tasks());
    assertEquals(List.of("x", "y"), List.copyOf(req.sweep().keySet()));
    assertEquals(List.of("1", "2", "3"), req.sweep().get("x"));
  }

  @Test
  void shouldTurnAnUnknownAppIntoOneLineAndExitCode1() {
    gateway.error("POST", "/api/v1/jobs", 404, "unknown app 'nope'");
    Xw.Run run = Xw.run(gateway, "submit", "--app", "nope", "--tasks", "1");
    assertEquals(1, run.exit(), run.toString());
    assertEquals(List.of("xw submit: unknown app 'nope' (HTTP 404)"), run.errLines());
    assertEquals("", run.out());
  }

  @Test
  void shouldTurnAnInvalidJobIntoOneLine() {
    gateway.error("POST", "/api/v1/jobs", 400, "tasks must be at most 100000");
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1000000");
    assertEquals(1, run.exit());
    assertEquals(List.of("xw submit: tasks must be at most 100000 (HTTP 400)"), run.errLines());
  }

  @Test
  void shouldExit2OnUsageErrors() {
    assertEquals(2, Xw.run(gateway, "submit", "--tasks", "1").exit(), "no app");
    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi").exit(), "no tasks");
    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi", "--tasks", "0").exit(), "zero tasks");
    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--arg", "novalue").exit());
    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--arg", "a=1", "--arg", "a=2").exit());
    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--sweep", "a=1,,2").exit());
    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi", "--tasks", "x").exit());
    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--min-cores", "-1").exit());
    Xw.Run run = Xw.raw("submit", "--app", "pi", "--tasks", "1", "--dispatcher", gateway.url(), "--token", "");
    assertEquals(2, run.exit(), run.toString());
    assertTrue(run.err().startsWith("no token: give --token TOKEN or set XW_TOKEN"), run.err());
    assertTrue(gateway.requests().isEmpty(), gateway.describe().toString());
  }

  @Test
  void shouldSendTrustCategoryAndPriceAndShowTheTermsBeforeTheId() {
    gateway.json("POST", "/api/v1/jobs", 201, Fixtures.certifiedJob("job-43", "RUNNING", 100, 5, 3, 3));
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "3", "--trust", "100", "--category", "S", "--price", "5");
    assertEquals(0, run.exit(), run.toString());
    JobRequest req = sent();
    assertEquals(100, req.trust());
    assertEquals("S", req.category());
    assertEquals(5L, req.price());
    assertEquals(List.of(
        "submitted job job-43 (job-job-43) RUNNING: 3 tasks, 3 pending, 0 running, 0 completed, 0 failed, 0 cancelled",
        "certified: trust 100, category S, price 5 credits per task",
        "job-43"), run.outLines());
  }

  @Test
  void shouldLeaveTheTermsOutOfAPlainJob() {
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "3");
    assertEquals(0, run.exit(), run.toString());
    JobRequest req = sent();
    assertNull(req.trust());
    assertNull(req.category());
    assertNull(req.price());
    String body = gateway.only("POST", "/api/v1/jobs").bodyText();
    assertFalse(body.contains("trust") || body.contains("price") || body.contains("category"),
        "a dispatcher that knows no PoCo still takes it: " + body);
    assertEquals(2, run.outLines().size(), "no certification line: " + run.out());
  }

  @Test
  void shouldSendTrustOneWithAZeroPrice() {
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--trust", "1", "--price", "0");
    assertEquals(0, run.exit(), run.toString());
    JobRequest req = sent();
    assertEquals(1, req.trust());
    assertEquals(0L, req.price());
    assertNull(req.category(), "left to the dispatcher's default category");
  }

  @Test
  void shouldReadTrustCategoryAndPriceFromAJobFileAndLetFlagsOverrideThem() throws IOException {
    Path file = Files.writeString(dir.resolve("job.json"), """
        {"app": "vanitygen", "tasks": 16, "trust": 10, "category": "XS", "price": 2}
        """);
    assertEquals(0, Xw.run(gateway, "submit", "--file", file.toString()).exit());
    JobRequest fromFile = sent();
    assertEquals(10, fromFile.trust());
    assertEquals("XS", fromFile.category());
    assertEquals(2L, fromFile.price());

    Xw.Run run = Xw.run(gateway, "submit", "--file", file.toString(), "--trust", "1000", "--price", "7");
    assertEquals(0, run.exit(), run.toString());
    JobRequest overridden = gateway.requests("POST", "/api/v1/jobs").get(1).bodyAs(JobRequest.class);
    assertEquals(1000, overridden.trust());
    assertEquals("XS", overridden.category(), "kept from the file");
    assertEquals(7L, overridden.price());
  }

  @Test
  void shouldRefuseATrustBelowOneANegativePriceAndTermsWithoutTrust() throws IOException {
    Xw.Run zero = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--trust", "0");
    assertEquals(2, zero.exit(), zero.toString());
    assertTrue(zero.err().startsWith("--trust must be at least 1, not 0"), zero.err());

    Xw.Run negative = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--trust", "10", "--price", "-1");
    assertEquals(2, negative.exit(), negative.toString());
    assertTrue(negative.err().startsWith("--price must not be negative, not -1"), negative.err());

    Xw.Run priceAlone = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--price", "5");
    assertEquals(2, priceAlone.exit(), priceAlone.toString());
    assertTrue(priceAlone.err().startsWith("--price applies to certified jobs only: give --trust T too"), priceAlone.err());

    Xw.Run categoryAlone = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--category", "S");
    assertEquals(2, categoryAlone.exit(), categoryAlone.toString());
    assertTrue(categoryAlone.err().startsWith("--category applies to certified jobs only"), categoryAlone.err());

    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--trust", "10", "--category", " ").exit());
    assertEquals(2, Xw.run(gateway, "submit", "--app", "pi", "--tasks", "1", "--trust", "ten").exit());

    Path file = Files.writeString(dir.resolve("job.json"), "{\"app\": \"pi\", \"tasks\": 1, \"trust\": -3}");
    Xw.Run fromFile = Xw.run(gateway, "submit", "--file", file.toString());
    assertEquals(2, fromFile.exit(), fromFile.toString());
    assertTrue(fromFile.err().startsWith("--trust must be at least 1, not -3"), fromFile.err());

    assertTrue(gateway.requests().isEmpty(), "nothing is sent: " + gateway.describe());
  }

  @Test
  void shouldSayWhenTheAccountCannotCoverThePrice() {
    gateway.error("POST", "/api/v1/jobs", 402, "user:alice has 40 credits free, the job needs 50");
    Xw.Run run = Xw.run(gateway, "submit", "--app", "pi", "--tasks", "10", "--trust", "10", "--price", "5");
    assertEquals(1, run.exit(), run.toString());
    assertEquals(List.of("xw submit: user:alice has 40 credits free, the job needs 50 (HTTP 402)"), run.errLines());
    assertEquals("", run.out());
  }

  @Test
  void shouldExit1WhenTheDispatcherIsNotThere() {
    Xw.Run run = Xw.raw("submit", "--app", "pi", "--tasks", "1", "--dispatcher", "http://127.0.0.1:1", "--token", "t");
    assertEquals(1, run.exit(), run.toString());
    assertEquals(1, run.errLines().size(), run.toString());
    assertTrue(run.err().startsWith("xw submit: cannot connect to the dispatcher at http://127.0.0.1:1"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void shouldRejectABadDispatcherUrl() {
    Xw.Run run = Xw.raw("submit", "--app", "pi", "--tasks", "1", "--dispatcher", "ftp://x", "--token", "t");
    assertEquals(1, run.exit(), run.toString());
    assertEquals(List.of("xw submit: dispatcher URL 'ftp://x' must start with http:// or https://"), run.errLines());
  }
}
