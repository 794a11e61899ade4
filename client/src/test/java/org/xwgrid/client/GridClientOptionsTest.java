package org.xwgrid.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GridClientOptionsTest {

  @Test
  void shouldDefaultToTheLocalDispatcherAndSaneTimeouts() {
    GridClientOptions o = GridClientOptions.builder().build();
    assertEquals(URI.create("http://127.0.0.1:8080"), o.baseUrl());
    assertNull(o.token());
    assertEquals(Duration.ofSeconds(10), o.connectTimeout());
    assertEquals(Duration.ofSeconds(60), o.requestTimeout());
    assertEquals(Duration.ofMinutes(30), o.transferTimeout());
  }

  @Test
  void shouldDropTrailingSlashesAndBlankTokens() {
    GridClientOptions o = GridClientOptions.builder().baseUrl(" https://grid.example.org:8443/ ").token("  ").build();
    assertEquals(URI.create("https://grid.example.org:8443"), o.baseUrl());
    assertNull(o.token());
  }

  @Test
  void shouldRejectWhatIsNotAnHttpUrl() {
    assertEquals("dispatcher URL 'ftp://x' must start with http:// or https://",
        assertThrows(IllegalArgumentException.class, () -> GridClientOptions.builder().baseUrl("ftp://x").build()).getMessage());
    assertThrows(IllegalArgumentException.class, () -> GridClientOptions.builder().baseUrl("127.0.0.1:8080").build());
    assertThrows(IllegalArgumentException.class, () -> GridClientOptions.builder().baseUrl("http://h:1/?a=b").build());
    assertThrows(IllegalArgumentException.class, () -> GridClientOptions.builder().baseUrl("http://bad host").build());
    assertThrows(IllegalArgumentException.class, () -> GridClientOptions.builder().baseUrl("http:///nohost").build());
  }

  @Test
  void shouldRejectTokensThatWouldBreakTheHeader() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GridClientOptions.builder().token("abc\r\nX-Evil: 1").build());
    assertTrue(e.getMessage().startsWith("the token must be printable ASCII"));
    assertThrows(IllegalArgumentException.class, () -> GridClientOptions.builder().token("two words").build());
  }

  @Test
  void shouldRejectNonPositiveTimeouts() {
    assertThrows(IllegalArgumentException.class, () -> GridClientOptions.builder().connectTimeout(Duration.ZERO).build());
    assertThrows(IllegalArgumentException.class, () -> GridClientOptions.builder().requestTimeout(Duration.ofSeconds(-1)).build());
    assertThrows(NullPointerException.class, () -> GridClientOptions.builder().transferTimeout(null).build());
  }

  @Test
  void shouldNeverShowTheToken() {
    GridClientOptions o = GridClientOptions.builder().token("s3cret").build();
    assertFalse(o.toString().contains("s3cret"), o.toString());
    assertEquals(o, o.toBuilder().build());
  }

  @Test
  void shouldBoundRequestsByTheRequestTimeout() {
    try (TestingGateway gateway = TestingGateway.start()) {
      gateway.on("GET", "/api/v1/jobs", r -> {
        try {
          Thread.sleep(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return TestingGateway.Reply.text(200, "{}");
      });
      GridClient client = new GridClient(GridClientOptions.builder()
          .baseUrl(gateway.url()).requestTimeout(Duration.ofMillis(200)).build());
      GridClientException e = assertThrows(GridClientException.class, client::listJobs);
      assertEquals(0, e.status());
      assertEquals("no answer from the dispatcher at " + gateway.url() + " within 200ms (GET /api/v1/jobs)", e.getMessage());
    }
  }
}
