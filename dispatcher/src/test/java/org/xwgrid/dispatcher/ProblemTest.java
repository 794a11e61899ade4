package org.xwgrid.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletionException;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void shouldCarryStatusAndMessageInAnErrorReply() {
    StatusReply<String> reply = Problem.notFound("unknown job 'j1'").asReply();
    assertFalse(reply.isSuccess());
    assertEquals("404 unknown job 'j1'", reply.getError().getMessage());
  }

  @Test
  void shouldTurnAnErrorReplyBackIntoTheProblem() {
    for (Problem p :
        new Problem[] {
          Problem.badRequest("bad"), Problem.unauthorized("who"), Problem.forbidden("no"),
          Problem.notFound("gone"), Problem.conflict("taken")
        }) {
      Problem back = Problem.of(p.<Void>asReply().getError());
      assertEquals(p.status(), back.status());
      assertEquals(p.getMessage(), back.getMessage());
    }
  }

  @Test
  void shouldFindTheProblemInsideCompletionExceptions() {
    Problem p = Problem.conflict("user exists");
    assertSame(p, Problem.of(new CompletionException(new CompletionException(p))));
    Problem fromReply = Problem.of(new CompletionException(Problem.forbidden("x").asReply().getError()));
    assertEquals(403, fromReply.status());
  }

  @Test
  void shouldFindNoProblemInOtherFailures() {
    assertNull(Problem.of(new IllegalStateException("404 not a reply")));
    assertNull(Problem.of(StatusReply.error("plain failure").getError()));
    assertNull(Problem.of(StatusReply.error("4x4 odd").getError()));
    assertNull(Problem.of(StatusReply.error("404").getError()));
    assertNull(Problem.of(new CompletionException(null)));
  }
}
