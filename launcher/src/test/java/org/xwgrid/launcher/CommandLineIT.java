package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Json;

/** The command-line contract scripts rely on, each command a real {@code xw} process. */
class CommandLineIT {
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Duration T = Duration.ofMinutes(2);

  @Test
  void shouldDriveAJobFromTheCommandLine(@TempDir Path dir) throws Exception {
    try (LocalGrid grid = LocalGrid.start(dir)) {
      Map<String, String> admin = Map.of("XW_DISPATCHER", grid.url(), "XW_TOKEN", grid.adminToken());
      GridFixture.Run add = GridFixture.xw(admin, T, "app", "add", LocalGrid.root().resolve("sample-apps/vanitygen").toString());
      assertEquals(0, add.exit(), add.err());
      GridFixture.Run user = GridFixture.xw(admin, T, "user", "add", "carol");
      assertEquals(0, user.exit(), user.err());
      String carolToken = user.lastLine().trim();
      assertTrue(carolToken.startsWith("u.carol."), user.out());
      Map<String, String> carol = Map.of("XW_DISPATCHER", grid.url(), "XW_TOKEN", carolToken);

      GridFixture.Run submit =
          GridFixture.xw(carol, T, "submit", "--app", "vanitygen", "--tasks", "3", "--arg", "pattern=1Lo",
              "--arg", "seed=cli-{index}", "--arg", "max-keys=5000");
      assertEquals(0, submit.exit(), submit.err());
      String job = submit.lastLine().trim();
      assertTrue(job.matches(UUID), "the id alone on the last line: " + submit.out());

      grid.startWorker("w1", 2);
      GridFixture.Run watch = GridFixture.xw(carol, Duration.ofMinutes(3), "status", job, "--watch");
      assertEquals(0, watch.exit(), watch.out() + watch.err());
      GridFixture.Run status = GridFixture.xw(carol, T, "status", job, "--json");
      JsonNode view = Json.mapper().readTree(status.out());
      assertEquals("COMPLETED", view.get("state").asText(), status.out());
      assertEquals(3, view.get("counts").get("COMPLETED").asInt(), status.out());

      Path out = dir.resolve("out");
      GridFixture.Run results = GridFixture.xw(carol, T, "results", job, "-o", out.toString());
      assertEquals(0, results.exit(), results.err());
      for (int i = 0; i < 3; i++) {
        JsonNode r = Json.mapper().readTree(out.resolve(Integer.toString(i)).resolve("result.json").toFile());
        assertEquals("cli-" + i, r.get("seed").asText());
      }

      // the same as a job file, with an input the tasks find in their input folder
      Path words = Files.writeString(dir.resolve("words.txt"), "hello grid\n");
      Path jobFile =
          Files.writeString(
              dir.resolve("job.json"),
              "{\"app\":\"vanitygen\",\"tasks\":2,\"args\":{\"pattern\":\"1Lo\",\"seed\":\"file-{index}\",\"max-keys\":\"3000\"},"
                  + "\"inputs\":[\"words.txt\"]}");
      GridFixture.Run fromFile = GridFixture.xw(carol, T, "submit", "--file", jobFile.toString(), "--json");
      assertEquals(0, fromFile.exit(), fromFile.err());
      JsonNode fileJob = Json.mapper().readTree(fromFile.out());
      assertEquals(2, fileJob.get("tasks").asInt());
      assertTrue(words.toFile().exists());

      JsonNode jobs = Json.mapper().readTree(GridFixture.xw(carol, T, "jobs", "--json").out());
      assertEquals(2, jobs.get("jobs").size(), "carol sees her two jobs");
      JsonNode workers = Json.mapper().readTree(GridFixture.xw(carol, T, "workers", "--json").out());
      assertEquals("w1", workers.get("workers").get(0).get("name").asText());
      // the worker made its secp256k1 key on first start (mode 600) and registered with its address
      Path keyFile = dir.resolve("w1").resolve("worker.key");
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
      String address = org.xwgrid.common.crypto.Secp256k1Key.parse(Files.readString(keyFile)).address();
      assertEquals(address, workers.get("workers").get(0).get("address").asText());
      assertEquals(0, workers.get("workers").get(0).get("score").asLong());
      GridFixture.Run table = GridFixture.xw(carol, T, "workers");
      assertTrue(table.out().contains("SCORE") && table.out().contains(address.substring(0, 6)), table.out());

      // credits: the admin deposits (once per key), carol sees her own account only
      GridFixture.Run dep = GridFixture.xw(admin, T, "account", "deposit", "carol", "500", "--key", "grant-1", "--json");
      assertEquals(0, dep.exit(), dep.err());
      assertEquals(500, Json.mapper().readTree(dep.out()).get("balance").asLong());
      GridFixture.Run again = GridFixture.xw(admin, T, "account", "deposit", "carol", "500", "--key", "grant-1");
      assertEquals(0, again.exit(), again.err());
      assertEquals("user:carol: 500 credits free, 0 locked", again.lastLine().strip(), "the same key deposits once");
      GridFixture.Run mine = GridFixture.xw(carol, T, "account", "show");
      assertEquals("user:carol: 500 credits free, 0 locked", mine.lastLine().strip());
      GridFixture.Run steal = GridFixture.xw(carol, T, "account", "deposit", "carol", "1000000");
      assertEquals(1, steal.exit());
      assertTrue(steal.err().contains("only an admin deposits credits"), steal.err());
      GridFixture.Run nobody = GridFixture.xw(admin, T, "account", "deposit", "mallory", "5");
      assertEquals(1, nobody.exit());
      assertTrue(nobody.err().contains("no such user 'mallory'"), nobody.err());
      GridFixture.Run ghost = GridFixture.xw(admin, T, "account", "show", "mallory");
      assertEquals(1, ghost.exit());
      assertTrue(ghost.err().contains("no such user 'mallory'"), ghost.err());
      assertEquals("user:carol: 500 credits free, 0 locked", GridFixture.xw(admin, T, "account", "show", "carol").lastLine().strip());
      JsonNode accounts = Json.mapper().readTree(GridFixture.xw(admin, T, "account", "list", "--json").out());
      assertEquals(500, accounts.get("total").asLong(), "nothing but the one deposit entered the grid");
      assertEquals(1, GridFixture.xw(carol, T, "account", "list").exit(), "only an admin lists accounts");

      GridFixture.Run bad = GridFixture.xw(carol, T, "status", "00000000-0000-4000-8000-000000000000");
      assertEquals(1, bad.exit());
      assertTrue(bad.err().contains("unknown job"), bad.err());
      assertEquals(1, bad.err().strip().lines().count(), "one clear line: " + bad.err());
    }
  }
}
