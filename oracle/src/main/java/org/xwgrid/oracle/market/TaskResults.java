package org.xwgrid.oracle.market;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Json;
import org.xwgrid.common.Zips;
import org.xwgrid.oracle.chain.ChainValues;

/**
 * Where a finalized task's results are: what the pool's oracle writes as the {@code results} bytes
 * of {@code finalize} (and so of {@code TaskFinalize} and {@code viewTask}), UTF-8 JSON
 * <pre>{"storage":"xwgrid","location":"http://HOST:PORT/api/v1/chain/results/&lt;sha256&gt;",
 *  "sha256":"&lt;64 hex: the zip's sha256&gt;","digest":"0x&lt;64 hex: the task's result digest&gt;"}</pre>
 * and how a requester fetches them: an HTTP GET of {@code location} (no token), the zip checked
 * against {@code sha256}, then unzipped.
 */
@JsonPropertyOrder({"storage", "location", "sha256", "digest"})
public record TaskResults(String storage, String location, String sha256, String digest) {
  /** The only storage there is for now: the pool's own result server. */
  public static final String STORAGE = "xwgrid";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

  public TaskResults {
    if (!STORAGE.equals(storage)) {
      throw new IllegalArgumentException("results kept in \"" + storage + "\", not in " + STORAGE);
    }
    URI uri;
    try {
      uri = URI.create(location == null ? "" : location);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the results' location is not a URL: " + location, e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("the results' location must be an http(s) URL, not " + location);
    }
    if (!Hashes.isSha256(sha256)) {
      throw new IllegalArgumentException("the results' sha256 must be 64 lower-case hex digits, not " + sha256);
    }
    digest = ChainValues.bytes32("result digest", digest);
  }

  /** Results served by the pool at {@code location}. */
  public static TaskResults of(String location, String sha256, String digest) {
    return new TaskResults(STORAGE, location, sha256, digest);
  }

  /** Reads a task's {@code results} bytes; throws IllegalArgumentException if they are not xwgrid's. */
  public static TaskResults parse(byte[] results) {
    try {
      return Json.mapper().readerFor(TaskResults.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(results);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the task's results are not xwgrid results JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What finalize takes as {@code results}. */
  public byte[] toBytes() {
    try {
      return Json.mapper().writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link #download(HttpClient, Path)} with a client of its own. */
  public void download(Path target) throws IOException {
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    download(http, target);
  }

  /**
   * Fetches the zip from {@code location} into a temporary file beside {@code target}, checks its
   * sha256, and unzips it into {@code target} (which must be absent or empty): all or nothing. A
   * zip whose sha256 is not {@code sha256}, or with an entry that would land outside
   * {@code target}, is refused (IOException), deleted, and {@code target} is left as it was.
   */
  public void download(HttpClient http, Path target) throws IOException {
    if (Files.isDirectory(target)) {
      try (Stream<Path> content = Files.list(target)) {
        if (content.findAny().isPresent()) {
          throw new IllegalArgumentException(target + " is not empty: download into a new folder");
        }
      }
    } else if (Files.exists(target)) {
      throw new IllegalArgumentException(target + " is a file: download into a new folder");
    }
    Path parent = Files.createDirectories(target.toAbsolutePath().getParent());
    Path zip = Files.createTempFile(parent, "." + target.getFileName() + ".results-", ".zip");
    try {
      HttpRequest get = HttpRequest.newBuilder(URI.create(location)).timeout(DOWNLOAD_TIMEOUT).GET().build();
      HttpResponse<Path> response;
      try {
        response = http.send(get, HttpResponse.BodyHandlers.ofFile(zip));
      } catch (IOException e) {
        throw new IOException("cannot GET " + location + ": " + e, e);
      }
      if (response.statusCode() != 200) {
        throw new IOException("GET " + location + " answered HTTP " + response.statusCode());
      }
      String actual = Hashes.sha256Hex(zip);
      if (!actual.equals(sha256)) {
        throw new IOException("refused the results from " + location + ": their sha256 is " + actual + ", not " + sha256);
      }
      Zips.unzipReplacing(zip, target);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + location, e);
    } finally {
      Files.deleteIfExists(zip);
    }
  }
}
