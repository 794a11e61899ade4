package org.xwgrid.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link GridClient} reaches a dispatcher: its base URL ({@code http://host:port}, without
 * the {@code /api/v1} prefix), the bearer token (null for anonymous calls such as health), and the
 * timeouts, each named by what it bounds.
 *
 * @param baseUrl scheme, host and port of a dispatcher gateway, with no query, fragment or
 *     trailing slash
 * @param token the bearer token sent on every call, or null
 * @param connectTimeout bounds opening a TCP connection
 * @param requestTimeout bounds waiting for the response headers of a JSON call
 * @param transferTimeout bounds waiting for the response headers of an upload or download (the
 *     body of an upload is sent before the response comes)
 */
public record GridClientOptions(
    URI baseUrl,
    String token,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration transferTimeout) {

  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_TRANSFER_TIMEOUT = Duration.ofMinutes(30);

  public GridClientOptions {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException(
          "dispatcher URL '" + baseUrl + "' must start with http:// or https://");
    }
    if (baseUrl.getHost() == null || baseUrl.getHost().isEmpty()) {
      throw new IllegalArgumentException("dispatcher URL '" + baseUrl + "' has no host");
    }
    if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "dispatcher URL '" + baseUrl + "' must not have a query or a fragment");
    }
    baseUrl = withoutTrailingSlash(baseUrl);
    if (token != null) {
      if (token.isBlank()) {
        token = null;
      } else if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "the token must be printable ASCII without spaces (is it the whole line you copied?)");
      }
    }
    connectTimeout = positive("connectTimeout", connectTimeout);
    requestTimeout = positive("requestTimeout", requestTimeout);
    transferTimeout = positive("transferTimeout", transferTimeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder()
        .baseUrl(baseUrl)
        .token(token)
        .connectTimeout(connectTimeout)
        .requestTimeout(requestTimeout)
        .transferTimeout(transferTimeout);
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "GridClientOptions[baseUrl="
        + baseUrl
        + ", token="
        + (token == null ? "none" : "***")
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", transferTimeout="
        + transferTimeout
        + "]";
  }

  private static URI withoutTrailingSlash(URI uri) {
    String s = uri.toString();
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return end == s.length() ? uri : URI.create(s.substring(0, end));
  }

  private static Duration positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, not " + d);
    }
    return d;
  }

  /** Builds {@link GridClientOptions}; unset timeouts take the defaults. */
  public static final class Builder {
    private URI baseUrl = URI.create(DEFAULT_BASE_URL);
    private String token;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration transferTimeout = DEFAULT_TRANSFER_TIMEOUT;

    private Builder() {}

    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** Parses {@code baseUrl}; throws {@link IllegalArgumentException} if it is not a URL. */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      try {
        this.baseUrl = new URI(baseUrl.trim());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "dispatcher URL '" + baseUrl + "' is not a URL: " + e.getReason());
      }
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder transferTimeout(Duration transferTimeout) {
      this.transferTimeout = transferTimeout;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} with a one-line reason. */
    public GridClientOptions build() {
      return new GridClientOptions(baseUrl, token, connectTimeout, requestTimeout, transferTimeout);
    }
  }
}
