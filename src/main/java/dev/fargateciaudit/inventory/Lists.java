package dev.fargateciaudit.inventory;

import java.util.List;
import java.util.Map;

/** Null-tolerant immutable copies, so records stay equal across a JSON round-trip (absent == empty). */
public final class Lists {
  private Lists() {}

  public static <T> List<T> of(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  public static <K, V> Map<K, V> of(Map<K, V> map) {
    return map == null ? Map.of() : Map.copyOf(map);
  }
}
