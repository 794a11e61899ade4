package org.xwgrid.dispatcher.gateway;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A control request, parsed off Netty: method, path segments after {@code /api/v1}, query, body. */
public record Request(String method, List<String> segments, Map<String, List<String>> query, byte[] body, String token) {

  public static Request of(String method, String uri, byte[] body, String authorization) {
    QueryStringDecoder d = new QueryStringDecoder(uri);
    String path = d.path();
    List<String> segs = List.of();
    if (path.startsWith("/api/v1/") || path.equals("/api/v1")) {
      String rest = path.substring("/api/v1".length());
      // empty segments dropped: leading, trailing and repeated slashes (split on one char needs no regex)
      segs = Arrays.stream(rest.split("/")).filter(x -> !x.isEmpty()).toList();
    } else {
      segs = null;
    }
    String token = null;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = authorization.substring(7).trim();
    }
    return new Request(method, segs, d.parameters(), body, token);
  }

  public String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public int intParam(String name, int dflt, int min, int max) {
    String v = param(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new org.xwgrid.dispatcher.Problem(400, name + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new org.xwgrid.dispatcher.Problem(400, name + " must be an integer");
    }
  }

  /** Matches the path against a pattern of segments where "*" stands for any one segment. */
  public boolean is(String m, String... pattern) {
    if (!method.equals(m) || segments == null || segments.size() != pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!pattern[i].equals("*") && !pattern[i].equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  public String seg(int i) {
    return segments.get(i);
  }
}
