package org.xwgrid.common;

import java.util.regex.Pattern;

/** Validation of names that come from outside: user, app and file names. */
public final class Names {
  private static final Pattern IDENT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._+-]{1,128}");

  private Names() {}

  /** User and app names: lower case letters, digits, '-' and '_', 1 to 32, not starting with '-' or '_'. */
  public static boolean isIdentifier(String s) {
    return s != null && IDENT.matcher(s).matches();
  }

  /** A plain file name: no folder separator, not "." or "..", 1 to 128 safe characters. */
  public static boolean isFileName(String s) {
    return s != null && FILE.matcher(s).matches() && !s.equals(".") && !s.equals("..");
  }

  public static String requireIdentifier(String what, String s) {
    if (!isIdentifier(s)) {
      throw new IllegalArgumentException(
          what + " '" + s + "' is not valid: use 1-32 of a-z 0-9 - _, starting with a letter or digit");
    }
    return s;
  }

  public static String requireFileName(String what, String s) {
    if (!isFileName(s)) {
      throw new IllegalArgumentException(
          what + " '" + s + "' is not a plain file name (1-128 of A-Z a-z 0-9 . _ + -, no folders)");
    }
    return s;
  }
}
