package org.xwgrid.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppManifestTest {
  @TempDir Path dir;

  private AppManifest manifest(Map<String, String> files) {
    return new AppManifest("pi", "1.0", "native", null, List.of("sh", "pi.sh"), files, null, null, null);
  }

  private String error(String json) throws IOException {
    Files.writeString(dir.resolve(AppManifest.FILE_NAME), json);
    return assertThrows(IllegalArgumentException.class, () -> AppManifest.read(dir)).getMessage();
  }

  @Test
  void shouldReadAMinimalManifest() throws IOException {
    Files.writeString(dir.resolve(AppManifest.FILE_NAME), """
        {"name": "pi", "version": "1.0", "entrypoint": ["sh", "pi.sh"], "files": {"pi.sh": "src/pi.sh"}}
        """);
    AppManifest m = AppManifest.read(dir);
    assertEquals("native", m.kind(), "kind defaults to native");
    assertNull(m.requirements());
    assertEquals(Map.of("pi.sh", "src/pi.sh"), m.files());
    assertEquals("pi-1.0.zip", m.archiveName());
  }

  @Test
  void shouldReadADockerManifestFileAndUploadItsArchiveAsIs() throws IOException {
    Path file = dir.resolve("xwapp-docker.json");
    Files.writeString(file, """
        {"name": "cartoon-docker", "version": "1.0.0", "kind": "docker", "image": "xwgrid/cartoon:1.0.0",
         "imageArchive": "target/cartoon-image.tar", "entrypoint": []}
        """);
    AppManifest m = AppManifest.read(file);
    assertTrue(m.isDocker());
    assertEquals(dir.toAbsolutePath(), AppManifest.folderOf(file));
    assertEquals("cartoon-docker-1.0.0.tar", m.archiveName());
    String missing = assertThrows(IllegalArgumentException.class, () -> m.resolveFiles(dir)).getMessage();
    assertTrue(missing.endsWith("cartoon-image.tar is missing"), missing);
    Files.createDirectories(dir.resolve("target"));
    Files.write(dir.resolve("target/cartoon-image.tar"), new byte[] {1, 2, 3});
    assertEquals(Map.of("cartoon-docker-1.0.0.tar", dir.resolve("target/cartoon-image.tar")), m.resolveFiles(dir));
    var request = m.toRequest(new org.xwgrid.common.api.DataRef("a".repeat(64), 3, m.archiveName()));
    assertEquals("docker", request.kind());
    assertEquals("xwgrid/cartoon:1.0.0", request.image());
    assertEquals(List.of(), request.entrypoint());
  }

  @Test
  void shouldRejectWhatIsWrongWithOneLine() throws IOException {
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"entrypoint\": [\"x\"], \"files\": {\"x\": \"x\"}, \"imag\": \"y\"}")
        .contains("Unrecognized field \"imag\""));
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"entrypoint\": [\"x\"], \"files\": {\"x\": \"x\"}, \"image\": \"y:1\"}")
        .contains("'image' and 'imageArchive' apply to docker apps only"));
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"kind\": \"vm\", \"entrypoint\": [\"x\"], \"files\": {\"x\": \"x\"}}")
        .contains("app kind 'vm' is not supported (native or docker)"));
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"kind\": \"docker\", \"imageArchive\": \"i.tar\"}")
        .contains("a docker app names its 'image' with a tag"));
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"kind\": \"docker\", \"image\": \"pi:1\"}")
        .contains("a docker app names its 'imageArchive'"));
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"kind\": \"docker\", \"image\": \"pi:1\", \"imageArchive\": \"i.tar\", \"files\": {\"x\": \"x\"}}")
        .contains("a docker app ships its image archive, not 'files'"));
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"entrypoint\": [], \"files\": {\"x\": \"x\"}}")
        .contains("the entrypoint must be a non-empty list"));
    assertTrue(error("{\"name\": \"pi\", \"entrypoint\": [\"x\"], \"files\": {\"x\": \"x\"}}")
        .contains("the app's version is missing"));
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"entrypoint\": [\"x\"]}")
        .contains("'files' must list at least one file"));
    assertTrue(error("{\"name\": \"pi\", \"version\": \"1\", \"entrypoint\": [\"x\"], \"files\": {\"../x\": \"x\"}}")
        .contains("package entry '../x' must be made of plain file names"));
    assertTrue(error("not json").startsWith(dir.resolve(AppManifest.FILE_NAME) + ": "));
    for (String msg : List.of(error("{\"name\": 1}"), error("[]"))) {
      assertTrue(!msg.contains("\n"), msg);
    }
  }

  @Test
  void shouldAcceptNestedEntriesButNotAbsoluteOrEmptyOnes() {
    manifest(Map.of("lib/a.jar", "a.jar"));
    assertThrows(IllegalArgumentException.class, () -> manifest(Map.of("/etc/x", "x")));
    assertThrows(IllegalArgumentException.class, () -> manifest(Map.of("a//b", "x")));
    assertThrows(IllegalArgumentException.class, () -> manifest(Map.of("a\\b", "x")));
    assertThrows(IllegalArgumentException.class, () -> manifest(Map.of("x", " ")));
  }

  @Test
  void shouldZipTheSameFilesToTheSameBytes() throws IOException {
    Files.writeString(dir.resolve("pi.sh"), "echo pi");
    Files.writeString(dir.resolve("b.txt"), "b");
    AppManifest m = manifest(Map.of("pi.sh", "pi.sh", "data/b.txt", "b.txt"));
    Path z1 = dir.resolve("1.zip");
    Path z2 = dir.resolve("2.zip");
    m.zipPackage(dir, z1);
    m.zipPackage(dir, z2);
    assertArrayEquals(Files.readAllBytes(z1), Files.readAllBytes(z2));
  }

  @Test
  void shouldNameTheMissingFile() {
    AppManifest m = manifest(Map.of("pi.sh", "bin/pi.sh"));
    assertEquals(dir.resolve("bin/pi.sh") + " is missing",
        assertThrows(IllegalArgumentException.class, () -> m.resolveFiles(dir)).getMessage());
  }
}
