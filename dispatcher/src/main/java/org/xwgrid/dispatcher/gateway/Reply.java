package org.xwgrid.dispatcher.gateway;

import java.nio.file.Path;

/** What a route answers; the handler turns it into HTTP. */
public sealed interface Reply {

  record Json(int status, Object body) implements Reply {}

  /** A blob of the data repository, sent zero-copy. */
  record Blob(Path file, long size) implements Reply {}

  record NoContent() implements Reply {}

  static Reply ok(Object body) {
    return new Json(200, body);
  }

  static Reply created(Object body) {
    return new Json(201, body);
  }
}
