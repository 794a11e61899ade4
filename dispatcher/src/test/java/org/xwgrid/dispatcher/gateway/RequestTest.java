package org.xwgrid.dispatcher.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xwgrid.dispatcher.Problem;

class RequestTest {

  private static Request get(String uri) {
    return Request.of("GET", uri, new byte[0], null);
  }

  @Test
  void shouldSplitThePathAfterTheApiPrefixIntoSegments() {
    assertEquals(List.of("jobs", "abc", "tasks"), get("/api/v1/jobs/abc/tasks").segments());
    assertEquals(List.of("jobs", "abc"), get("/api/v1//jobs//abc/").segments());
    assertEquals(List.of(), get("/api/v1").segments());
    assertEquals(List.of(), get("/api/v1/").segments());
    assertEquals("abc", get("/api/v1/jobs/abc").seg(1));
  }

  @Test
  void shouldHaveNoSegmentsOutsideTheApi() {
    assertNull(get("/").segments());
    assertNull(get("/dashboard/index.html").segments());
    assertNull(get("/api/v1x/jobs").segments());
    assertNull(get("/api/v2/jobs").segments());
    assertFalse(get("/dashboard").is("GET", "*"));
  }

  @Test
  void shouldMatchMethodAndSegmentsWithWildcards() {
    Request r = Request.of("POST", "/api/v1/workers/w1/heartbeat", new byte[0], null);
    assertTrue(r.is("POST", "workers", "*", "heartbeat"));
    assertTrue(r.is("POST", "*", "*", "*"));
    assertFalse(r.is("GET", "workers", "*", "heartbeat"), "other method");
    assertFalse(r.is("POST", "workers", "*"), "fewer segments");
    assertFalse(r.is("POST", "workers", "*", "heartbeat", "*"), "more segments");
    assertFalse(r.is("POST", "workers", "*", "work"), "other segment");
    assertTrue(get("/api/v1").is("GET"));
  }

  @Test
  void shouldParseTheQuery() {
    Request r = get("/api/v1/jobs?limit=5&state=RUNNING&state=FAILED");
    assertEquals(List.of("jobs"), r.segments());
    assertEquals("5", r.param("limit"));
    assertEquals("RUNNING", r.param("state"));
    assertNull(r.param("from"));
  }

  @Test
  void shouldReadABearerTokenInAnyCase() {
    assertEquals("u.alice.s3cret", Request.of("GET", "/api/v1/jobs", null, "Bearer u.alice.s3cret").token());
    assertEquals("u.alice.s3cret", Request.of("GET", "/api/v1/jobs", null, "bearer   u.alice.s3cret  ").token());
    assertEquals("t", Request.of("GET", "/api/v1/jobs", null, "BEARER t").token());
    assertNull(Request.of("GET", "/api/v1/jobs", null, "Basic YWxpY2U6cHc=").token());
    assertNull(Request.of("GET", "/api/v1/jobs", null, "Bearer").token());
    assertNull(Request.of("GET", "/api/v1/jobs", null, null).token());
  }

  @Test
  void shouldReadIntParamsWithinBoundsOrTheDefault() {
    Request r = get("/api/v1/jobs/j/tasks?from=10&limit=0");
    assertEquals(10, r.intParam("from", 0, 0, Integer.MAX_VALUE));
    assertEquals(0, r.intParam("limit", 100, 0, 1000));
    assertEquals(7, r.intParam("missing", 7, 0, 10));
  }

  @Test
  void shouldRejectIntParamsThatAreNotIntegersOrOutOfBoundsWith400() {
    Request r = get("/api/v1/jobs?limit=ten&from=-1&big=99999999999&max=1001");
    Problem notInt = assertThrows(Problem.class, () -> r.intParam("limit", 20, 1, 1000));
    assertEquals(400, notInt.status());
    assertEquals("limit must be an integer", notInt.getMessage());
    Problem low = assertThrows(Problem.class, () -> r.intParam("from", 0, 0, 1000));
    assertEquals(400, low.status());
    assertEquals("from must be between 0 and 1000", low.getMessage());
    assertEquals(400, assertThrows(Problem.class, () -> r.intParam("big", 0, 0, 1000)).status());
    assertEquals(400, assertThrows(Problem.class, () -> r.intParam("max", 0, 0, 1000)).status());
  }
}
