package org.xwgrid.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.worker.TestingApps;

class HeldResultsTest {
  private static final String TASK_ID = "0x" + "7c".repeat(32);
  private static final Executor NOW = Runnable::run;
  @TempDir Path tmp;
  private Path root;
  private Path output;

  @BeforeEach
  void output() throws IOException {
    root = tmp.resolve("held");
    output = Files.createDirectories(tmp.resolve("output/sub"));
    Files.writeString(output.resolve("result.txt"), "42\n");
    output = output.getParent();
  }

  private static String digestOf(Path folder) throws IOException {
    return "0x" + Hashes.folderDigest(folder);
  }

  @Test
  void shouldHoldTheZipOfTheOutputWithWhatItCommittedTo() throws Exception {
    HeldResults held = HeldResults.create(root, NOW);
    ReplicaRef r = new ReplicaRef("job/1", 3, 2);
    HeldResult h = held.hold(r, TASK_ID, digestOf(output), output);
    assertEquals(new HeldResult(r, TASK_ID, digestOf(output), h.zip()), h);
    Path zip = held.zip(r);
    assertEquals(root.resolve("job_1-3-2").resolve("result.zip"), zip);
    assertEquals(Hashes.sha256Hex(zip), h.zip().sha256());
    assertEquals(Files.size(zip), h.zip().size());
    Path unpacked = TestingApps.unzip(Files.readAllBytes(zip), tmp.resolve("unpacked"));
    assertEquals(h.digest(), digestOf(unpacked), "the zip holds what was committed to");
    assertEquals(h, held.get(r));
    assertEquals(List.of(r), held.replicas());
  }

  @Test
  void shouldHoldAnEmptyOutputAsTheEmptyZip() throws Exception {
    HeldResults held = HeldResults.create(root, NOW);
    ReplicaRef r = new ReplicaRef("job", 0, 1);
    HeldResult h = held.hold(r, TASK_ID, digestOf(Files.createDirectories(tmp.resolve("empty"))), tmp.resolve("empty"));
    assertEquals(ResultArchive.EMPTY_ZIP_SHA256, h.zip().sha256());
    assertEquals(ResultArchive.EMPTY_ZIP_SHA256, Hashes.sha256Hex(held.zip(r)), "written, to be uploaded when asked");
  }

  @Test
  void shouldFindItsResultsAgainAfterARestart() throws Exception {
    HeldResults before = HeldResults.create(root, NOW);
    HeldResult a = before.hold(new ReplicaRef("job", 0, 1), TASK_ID, digestOf(output), output);
    HeldResult b = before.hold(new ReplicaRef("job", 1, 1), "0x" + "01".repeat(32), digestOf(output), output);

    HeldResults after = HeldResults.create(root, NOW);
    assertTrue(after.replicas().isEmpty(), "nothing before load");
    List<HeldResult> loaded = after.load();
    assertEquals(2, loaded.size());
    assertTrue(loaded.containsAll(List.of(a, b)), loaded.toString());
    assertEquals(a, after.get(a.replica()));
    assertEquals(b, after.get(b.replica()));
  }

  @Test
  void shouldDeleteAReleasedResultForGood() throws Exception {
    HeldResults held = HeldResults.create(root, NOW);
    ReplicaRef r = new ReplicaRef("job", 0, 1);
    held.hold(r, TASK_ID, digestOf(output), output);
    assertTrue(held.release(r));
    assertNull(held.get(r));
    assertTrue(held.replicas().isEmpty());
    assertFalse(Files.exists(held.zip(r).getParent()), "its folder is deleted");
    assertFalse(held.release(r), "released once");
    assertTrue(HeldResults.create(root, NOW).load().isEmpty(), "and gone after a restart");
  }

  @Test
  void shouldRemoveInterruptedAndDamagedSavesAtLoad() throws Exception {
    HeldResults before = HeldResults.create(root, NOW);
    HeldResult good = before.hold(new ReplicaRef("job", 0, 1), TASK_ID, digestOf(output), output);
    HeldResult shortened = before.hold(new ReplicaRef("job", 1, 1), TASK_ID, digestOf(output), output);
    Files.write(before.zip(shortened.replica()), new byte[] {1, 2, 3});
    Path interrupted = Files.createDirectories(root.resolve("job-2-1"));
    Files.writeString(interrupted.resolve("result.zip"), "half a zip");
    Path garbage = Files.createDirectories(root.resolve("job-3-1"));
    Files.writeString(garbage.resolve("held.json"), "{not json");
    Path elsewhere = Files.createDirectories(root.resolve("job-4-1"));
    Files.copy(root.resolve("job-0-1/held.json"), elsewhere.resolve("held.json"));
    Files.copy(root.resolve("job-0-1/result.zip"), elsewhere.resolve("result.zip"));

    assertEquals(List.of(good), HeldResults.create(root, NOW).load());
    try (var left = Files.list(root)) {
      assertEquals(List.of(root.resolve("job-0-1")), left.toList());
    }
  }

  // ---- chain terms ----------------------------------------------------------------------------

  private static final ChainTerms CHAIN = new ChainTerms(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

  @Test
  void shouldKeepTheChainTermsOfAResultAcrossARestart() throws Exception {
    HeldResults before = HeldResults.create(root, NOW);
    HeldResult onChain = before.hold(new ReplicaRef("job", 0, 1), TASK_ID, digestOf(output), CHAIN, output);
    HeldResult offChain = before.hold(new ReplicaRef("job", 1, 1), TASK_ID, digestOf(output), output);
    assertEquals(CHAIN, onChain.chain());
    assertNull(offChain.chain());
    assertFalse(Files.readString(root.resolve("job-1-1/held.json")).contains("chain"), "written as before off chain");

    HeldResults after = HeldResults.create(root, NOW);
    after.load();
    assertEquals(onChain, after.get(onChain.replica()));
    assertEquals(CHAIN, after.get(onChain.replica()).chain());
    assertEquals(offChain, after.get(offChain.replica()));
  }

  @Test
  void shouldLoadAResultHeldByAnOlderVersionAsOffChain() throws Exception {
    HeldResults before = HeldResults.create(root, NOW);
    HeldResult h = before.hold(new ReplicaRef("job", 0, 1), TASK_ID, digestOf(output), CHAIN, output);
    Path meta = root.resolve("job-0-1/held.json");
    ObjectNode older = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(meta));
    assertTrue(older.has("chain"));
    older.remove("chain");
    Files.write(meta, Json.mapper().writeValueAsBytes(older));
    List<HeldResult> loaded = HeldResults.create(root, NOW).load();
    assertEquals(List.of(new HeldResult(h.replica(), TASK_ID, h.digest(), h.zip(), null)), loaded);
    assertNull(loaded.get(0).revealSign(h.digest(), TestingTaskRunners.KEY), "nothing to sign off chain");
  }

  @Test
  void shouldRemoveAResultWhoseChainTermsCannotSignAtLoad() throws Exception {
    HeldResults before = HeldResults.create(root, NOW);
    before.hold(new ReplicaRef("job", 0, 1), TASK_ID, digestOf(output), new ChainTerms(31337, "0x1234"), output);
    before.hold(new ReplicaRef("job", 1, 1), TASK_ID, digestOf(output), new ChainTerms(31337, null), output);
    HeldResult good = before.hold(new ReplicaRef("job", 2, 1), TASK_ID, digestOf(output), CHAIN, output);
    assertEquals(List.of(good), HeldResults.create(root, NOW).load());
  }
}
