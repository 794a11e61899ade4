package org.xwgrid.oracle.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskResultsTest {
  static final String SHA = "ab".repeat(32);
  static final String DIGEST = "0x" + "cd".repeat(32);
  static final String LOCATION = "http://127.0.0.1:8080/api/v1/chain/results/" + SHA;

  @Test
  void shouldWriteTheFourFieldsInOrderAndReadThemBack() {
    TaskResults r = TaskResults.of(LOCATION, SHA, DIGEST);
    String json = new String(r.toBytes(), StandardCharsets.UTF_8);
    assertEquals("{\"storage\":\"xwgrid\",\"location\":\"" + LOCATION + "\",\"sha256\":\"" + SHA + "\",\"digest\":\""
        + DIGEST + "\"}", json);
    assertEquals(r, TaskResults.parse(r.toBytes()));
  }

  @Test
  void shouldReadResultsWithFieldsItDoesNotKnowAndNormaliseTheDigest() {
    String json = "{\"storage\":\"xwgrid\",\"location\":\"" + LOCATION + "\",\"sha256\":\"" + SHA
        + "\",\"digest\":\"0x" + "CD".repeat(32) + "\",\"size\":12}";
    TaskResults r = TaskResults.parse(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(DIGEST, r.digest());
    assertArrayEquals(TaskResults.of(LOCATION, SHA, DIGEST).toBytes(), r.toBytes());
  }

  @Test
  void shouldRefuseResultsThatAreNotXwgrids() {
    assertRefused("xw://results/0x12 sha256:ab", "not xwgrid results JSON");
    assertRefused("{\"storage\":\"ipfs\",\"location\":\"" + LOCATION + "\",\"sha256\":\"" + SHA + "\",\"digest\":\"" + DIGEST + "\"}",
        "results kept in \"ipfs\"");
    assertRefused("{\"storage\":\"xwgrid\",\"location\":\"file:///etc/passwd\",\"sha256\":\"" + SHA + "\",\"digest\":\"" + DIGEST + "\"}",
        "must be an http(s) URL");
    assertRefused("{\"storage\":\"xwgrid\",\"location\":\"" + LOCATION + "\",\"sha256\":\"" + SHA.toUpperCase() + "\",\"digest\":\"" + DIGEST + "\"}",
        "64 lower-case hex digits");
    assertRefused("{\"storage\":\"xwgrid\",\"location\":\"" + LOCATION + "\",\"sha256\":\"" + SHA + "\",\"digest\":\"0x12\"}",
        "result digest must be 32 bytes");
  }

  private static void assertRefused(String results, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskResults.parse(results.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
