package org.xwgrid.worker.cache;

import java.io.IOException;

/** A zip that would write outside its target folder (zip-slip) or is otherwise not acceptable. */
public final class UnsafeArchiveException extends IOException {
  public UnsafeArchiveException(String message) {
    super(message);
  }
}
