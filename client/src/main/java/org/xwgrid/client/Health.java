package org.xwgrid.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of {@code GET /api/v1/health}: {@code status} is "UP" when the dispatcher node
 * serves, {@code node} names the node that answered. Unknown fields are ignored, so a gateway may
 * add more without breaking clients.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(String status, String node) {
  public boolean isUp() {
    return "UP".equals(status);
  }
}
