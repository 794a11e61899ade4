package org.xwgrid.dispatcher.gateway;

import org.xwgrid.common.api.Capabilities;
import org.xwgrid.dispatcher.account.Role;

/** Who a verified token speaks for. */
public sealed interface Principal {

  /** The owner key of data uploaded by this principal. */
  String ownerKey();

  record User(String name, Role role) implements Principal {
    public boolean admin() {
      return role == Role.ADMIN;
    }

    @Override
    public String ownerKey() {
      return name;
    }
  }

  /**
   * A worker, with its key's {@code address} (null without one) and its PoCo {@code score} as of
   * the token's verification (cached; fresh scores are asked of its entity where they count).
   */
  record Worker(String workerId, String owner, Capabilities capabilities, int slots, String address, long score)
      implements Principal {
    @Override
    public String ownerKey() {
      return "worker:" + workerId;
    }
  }
}
