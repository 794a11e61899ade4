package org.xwgrid.worker.cache;

import java.io.IOException;

/** Downloaded bytes whose SHA-256 or size is not what was asked for; the file has been deleted. */
public final class CorruptDataException extends IOException {
  public CorruptDataException(String message) {
    super(message);
  }
}
