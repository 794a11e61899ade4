package org.xwgrid.dispatcher.account;

import java.util.Locale;
import org.xwgrid.dispatcher.Problem;

/** Rights levels, from XtremWeb-HEP: a worker enrols hosts, standard users run jobs, admins manage. */
public enum Role {
  WORKER,
  STANDARD,
  ADMIN;

  public static Role parse(String s) {
    if (s == null) {
      return STANDARD;
    }
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("role '" + s + "' is not one of worker, standard, admin");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
