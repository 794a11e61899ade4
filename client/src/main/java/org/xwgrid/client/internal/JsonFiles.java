package org.xwgrid.client.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xwgrid.common.Json;

/** Reading JSON files written by people (manifests, job files) with one-line error messages. */
public final class JsonFiles {
  /**
   * {@link Json#mapper()} (unknown fields are errors) except that a number left out reads as 0, so
   * that people may write {@code "requirements": {"minCores": 2}}.
   */
  private static final ObjectMapper MAPPER =
      Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private JsonFiles() {}

  /** Reads {@code file}: unknown fields are errors, numbers left out are 0. */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    T value = MAPPER.readValue(bytes, type);
    if (value == null) {
      throw new IllegalArgumentException(file + " holds no JSON object");
    }
    return value;
  }

  /**
   * One line describing why {@code file} could not be read: the parser's own message without the
   * source excerpt, and the line and column. A validation error thrown by a record's constructor
   * comes out as its own message.
   */
  public static String describe(Path file, JsonProcessingException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String what = root instanceof IllegalArgumentException && root.getMessage() != null
        ? root.getMessage()
        : firstLine(e.getOriginalMessage());
    JsonLocation at = e.getLocation();
    String where = at != null && at.getLineNr() > 0
        ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"
        : "";
    return file + ": " + what + where;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid JSON";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
