package org.xwgrid.common.api;

/** Route prefixes and header names shared by the gateway and its clients. */
public final class ApiPaths {
  public static final String PREFIX = "/api/v1";
  public static final String HEALTH = PREFIX + "/health";
  public static final String APPS = PREFIX + "/apps";
  public static final String JOBS = PREFIX + "/jobs";
  public static final String DATA = PREFIX + "/data";
  public static final String USERS = PREFIX + "/users";
  public static final String WORKERS = PREFIX + "/workers";
  public static final String ACCOUNTS = PREFIX + "/accounts";
  public static final String REGISTER = WORKERS + "/register";

  private ApiPaths() {}
}
