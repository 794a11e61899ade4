package org.xwgrid.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.Fixtures;
import org.xwgrid.client.TestingGateway;
import org.xwgrid.client.TestingGateway.Reply;
import org.xwgrid.common.Json;
import org.xwgrid.common.Zips;
import org.xwgrid.common.api.ClientApi.AppList;
import org.xwgrid.common.api.ClientApi.AppRequest;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.Requirements;

/** {@code xw app add} and {@code xw app list}. */
class AppCommandTest {
  private final TestingGateway gateway = TestingGateway.start();

  @TempDir Path dir;

  @BeforeEach
  void routes() {
    gateway.withDataStore();
    gateway.on("POST", "/api/v1/apps", r -> {
      AppRequest req = r.bodyAs(AppRequest.class);
      return Reply.json(201, new AppView(req.name(), req.version(), req.kind(), req.archive(), req.entrypoint(),
          req.requirements(), req.description(), "alice", Fixtures.T0));
    });
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private Path appFolder(String manifest) throws IOException {
    Path app = Files.createDirectories(dir.resolve("sample-apps/vanitygen"));
    Files.writeString(app.resolve("xwapp.json"), manifest);
    return app;
  }

  private static final String VANITYGEN = """
      {"name": "vanitygen", "version": "1.0.0", "kind": "native",
       "description": "vanity bitcoin addresses",
       "entrypoint": ["java", "-jar", "vanitygen.jar"],
       "files": {"vanitygen.jar": "target/vanitygen.jar", "README": "README.md"},
       "requirements": {"minMemoryMb": 256}}
      """;

  @Test
  void shouldZipUploadAndRegisterAnAppFolder() throws IOException {
    Path app = appFolder(VANITYGEN);
    Files.createDirectories(app.resolve("target"));
    Files.writeString(app.resolve("target/vanitygen.jar"), "jar");
    Files.writeString(app.resolve("README.md"), "readme");
    Xw.Run run = Xw.run(gateway, "app", "add", app.toString());
    assertEquals(0, run.exit(), run.toString());

    AppRequest req = gateway.only("POST", "/api/v1/apps").bodyAs(AppRequest.class);
    assertEquals("vanitygen", req.name());
    assertEquals("1.0.0", req.version());
    assertEquals("native", req.kind());
    assertEquals("vanity bitcoin addresses", req.description());
    assertEquals(List.of("java", "-jar", "vanitygen.jar"), req.entrypoint());
    assertEquals(new Requirements(null, null, 0, 256, List.of()), req.requirements());
    assertEquals("vanitygen-1.0.0.zip", req.archive().name());
    assertEquals("Bearer " + Xw.TOKEN, gateway.only("PUT", "/api/v1/data/" + req.archive().sha256()).authorization());

    Path zip = Files.write(dir.resolve("got.zip"), gateway.stored(req.archive().sha256()));
    Zips.unzip(zip, dir.resolve("got"));
    assertEquals("jar", Files.readString(dir.resolve("got/vanitygen.jar")));
    assertEquals("readme", Files.readString(dir.resolve("got/README")));
    assertTrue(run.lastLine().startsWith("registered app vanitygen 1.0.0 (package vanitygen-1.0.0.zip"), run.out());
  }

  @Test
  void shouldPrintTheAppViewWithJson() throws IOException {
    Path app = appFolder(VANITYGEN);
    Files.createDirectories(app.resolve("target"));
    Files.writeString(app.resolve("target/vanitygen.jar"), "jar");
    Files.writeString(app.resolve("README.md"), "readme");
    Xw.Run run = Xw.run(gateway, "app", "add", app.toString(), "--json");
    assertEquals(0, run.exit(), run.toString());
    assertEquals("vanitygen", Json.mapper().readValue(run.out(), AppView.class).name());
  }

  @Test
  void shouldSayHowToBuildAMissingJar() throws IOException {
    // a folder given relative to the working directory, as in "xw app add sample-apps/vanitygen"
    Path relative = Path.of("target", "app-tests", UUID.randomUUID().toString(), "sample-apps", "vanitygen");
    try {
      Files.createDirectories(relative);
      Files.writeString(relative.resolve("xwapp.json"), VANITYGEN);
      Files.writeString(relative.resolve("pom.xml"), "<project/>");
      Files.writeString(relative.resolve("README.md"), "readme");
      Xw.Run run = Xw.run(gateway, "app", "add", relative.toString());
      assertEquals(1, run.exit(), run.toString());
      assertEquals(List.of("xw app add: " + relative + "/target/vanitygen.jar"
          + " is missing: build it with mvn -pl " + relative + " package"), run.errLines());
      assertTrue(gateway.requests().isEmpty(), gateway.describe().toString());
    } finally {
      for (String f : List.of("xwapp.json", "pom.xml", "README.md")) {
        Files.deleteIfExists(relative.resolve(f));
      }
    }
  }

  @Test
  void shouldSayHowToBuildAMissingJarOfAnAbsoluteFolder() throws IOException {
    Path app = appFolder(VANITYGEN);
    Files.writeString(app.resolve("pom.xml"), "<project/>");
    Xw.Run run = Xw.run(gateway, "app", "add", app.toString());
    assertEquals(List.of("xw app add: " + app + "/target/vanitygen.jar"
        + " is missing: build it with mvn -f " + app + "/pom.xml package"), run.errLines());
  }

  @Test
  void shouldSayWhenTheManifestIsMissing() {
    Xw.Run run = Xw.run(gateway, "app", "add", dir.toString());
    assertEquals(1, run.exit());
    assertEquals(List.of("xw app add: " + dir.resolve("xwapp.json") + " is missing: an app folder holds an xwapp.json manifest"),
        run.errLines());
  }

  @Test
  void shouldSayWhatIsWrongInTheManifest() throws IOException {
    Path app = appFolder("""
        {"name": "Vanity Gen", "version": "1", "entrypoint": ["x"], "files": {"x": "x"}}
        """);
    Xw.Run run = Xw.run(gateway, "app", "add", app.toString());
    assertEquals(1, run.exit());
    assertEquals(1, run.errLines().size(), run.toString());
    assertTrue(run.err().startsWith("xw app add: " + app.resolve("xwapp.json") + ": app name 'Vanity Gen' is not valid"), run.err());
  }

  @Test
  void shouldSayWhenTheNameIsTakenByAnotherApp() throws IOException {
    Path app = appFolder("""
        {"name": "pi", "version": "1", "entrypoint": ["sh", "pi.sh"], "files": {"pi.sh": "pi.sh"}}
        """);
    Files.writeString(app.resolve("pi.sh"), "echo 3.14");
    gateway.error("POST", "/api/v1/apps", 409, "app 'pi' is already registered with another package");
    Xw.Run run = Xw.run(gateway, "app", "add", app.toString());
    assertEquals(1, run.exit());
    assertEquals(List.of("xw app add: app 'pi' is already registered with another package (HTTP 409)"), run.errLines());
  }

  @Test
  void shouldListAppsAsATableOrJson() throws IOException {
    AppList apps = new AppList(List.of(Fixtures.app("pi"), Fixtures.app("vanitygen")));
    gateway.json("GET", "/api/v1/apps", 200, apps);
    Xw.Run table = Xw.run(gateway, "app", "list");
    assertEquals(0, table.exit(), table.toString());
    assertTrue(table.outLines().get(0).startsWith("NAME"), table.out());
    assertTrue(table.outLines().get(2).startsWith("vanitygen  1.0.0    native  alice"), table.out());
    Xw.Run json = Xw.run(gateway, "app", "list", "--json");
    assertEquals(apps, Json.mapper().readValue(json.out(), AppList.class));
  }

  @Test
  void shouldAskForASubcommand() {
    Xw.Run run = Xw.raw("app");
    assertEquals(2, run.exit());
    assertTrue(run.err().startsWith("missing command: add or list"), run.err());
  }
}
