package dev.fargateciaudit.derive.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The context keys of one request, as IAM evaluates a policy's conditions against them. Key names
 * are case-insensitive ({@code aws:SourceIP} is {@code AWS:SourceIp}); a key that is not here is
 * absent from the request, which is not the same as present with no value.
 */
public final class RequestContext {
  public static final RequestContext EMPTY = new RequestContext(Map.of());

  private final Map<String, List<String>> values;

  private RequestContext(Map<String, List<String>> values) {
    this.values = values;
  }

  /** A request holding {@code key} with the given values (several for a multivalued key). */
  public static RequestContext of(String key, String... values) {
    return EMPTY.with(key, values);
  }

  /** This request with {@code key} set to {@code values} (an empty array: present, with no value). */
  public RequestContext with(String key, String... values) {
    Map<String, List<String>> m = new LinkedHashMap<>(this.values);
    m.put(fold(key), List.of(values));
    return new RequestContext(Map.copyOf(m));
  }

  /** This request without {@code key}: absent, as when the requester does not send it. */
  public RequestContext without(String key) {
    if (!values.containsKey(fold(key))) return this;
    Map<String, List<String>> m = new LinkedHashMap<>(this.values);
    m.remove(fold(key));
    return new RequestContext(Map.copyOf(m));
  }

  /** The values of {@code key}, or null when the request does not hold it. */
  public List<String> values(String key) {
    return values.get(fold(key));
  }

  static String fold(String key) {
    return key.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
