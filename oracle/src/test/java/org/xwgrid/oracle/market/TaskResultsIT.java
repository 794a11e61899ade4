package org.xwgrid.oracle.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Zips;

/** Downloads from a real HTTP server on loopback: checked, unzipped, or refused and left nowhere. */
class TaskResultsIT {
  private static final String DIGEST = "0x" + "cd".repeat(32);

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/chain/results/", exchange -> {
      byte[] body = served.get(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void shouldDownloadCheckAndUnzipTheResults() throws IOException {
    TaskResults r = publish(outputZip());
    Path target = dir.resolve("task-0");

    r.download(target);

    assertEquals("42\n", Files.readString(target.resolve("out/answer.txt")));
    assertEquals(List.of("output.zip", "src", "task-0"), names(dir), "no temporary file left");
  }

  @Test
  void shouldRefuseAndDeleteABodyWhoseSha256IsNotTheAnnouncedOne() throws IOException {
    byte[] zip = outputZip();
    TaskResults r = publish(zip);
    zip[zip.length / 2] ^= 1;
    served.put(path(r), zip);
    Path target = dir.resolve("task-0");

    IOException e = assertThrows(IOException.class, () -> r.download(target));

    assertTrue(e.getMessage().contains("refused the results from " + r.location() + ": their sha256 is "), e.getMessage());
    assertFalse(Files.exists(target));
    assertEquals(List.of("output.zip", "src"), names(dir), "the refused body is deleted");
  }

  @Test
  void shouldRefuseAZipThatEscapesItsFolderAndWriteNothing() throws IOException {
    Path evil = dir.resolve("evil.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(evil))) {
      z.putNextEntry(new ZipEntry("ok.txt"));
      z.write('1');
      z.putNextEntry(new ZipEntry("../../escaped.txt"));
      z.write('2');
    }
    TaskResults r = publish(Files.readAllBytes(evil));
    Path target = dir.resolve("task-0");

    IOException e = assertThrows(IOException.class, () -> r.download(target));

    assertTrue(e.getMessage().contains("outside the target folder"), e.getMessage());
    assertFalse(Files.exists(target));
    assertFalse(Files.exists(dir.getParent().resolve("escaped.txt")));
  }

  @Test
  void shouldRefuseANonEmptyTargetAndAMissingBody() throws IOException {
    TaskResults r = publish(outputZip());
    Path used = Files.createDirectories(dir.resolve("used"));
    Files.writeString(used.resolve("mine.txt"), "keep me");
    IllegalArgumentException notEmpty = assertThrows(IllegalArgumentException.class, () -> r.download(used));
    assertTrue(notEmpty.getMessage().contains("is not empty"), notEmpty.getMessage());
    assertEquals("keep me", Files.readString(used.resolve("mine.txt")));

    served.clear();
    IOException missing = assertThrows(IOException.class, () -> r.download(dir.resolve("task-1")));
    assertTrue(missing.getMessage().contains("answered HTTP 404"), missing.getMessage());
    assertFalse(Files.exists(dir.resolve("task-1")));
  }

  private TaskResults publish(byte[] zip) {
    String sha = Hashes.sha256Hex(zip);
    TaskResults r = TaskResults.of("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/chain/results/" + sha,
        sha, DIGEST);
    served.put(path(r), zip);
    return r;
  }

  private static String path(TaskResults r) {
    return java.net.URI.create(r.location()).getPath();
  }

  private byte[] outputZip() throws IOException {
    Path out = Files.createDirectories(dir.resolve("src/out"));
    Files.writeString(out.resolve("answer.txt"), "42\n");
    Path zip = dir.resolve("output.zip");
    Zips.zipFolder(dir.resolve("src"), zip);
    return Files.readAllBytes(zip);
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
