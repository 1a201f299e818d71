package dev.fargateciaudit.derive;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;

/** Small conversions shared by the derive step: CEL sees no nulls and only {@code long} numbers. */
final class Facts {
  private Facts() {}

  static String str(String s) {
    return s == null ? "" : s;
  }

  static long num(Integer i, long dflt) {
    return i == null ? dflt : i.longValue();
  }

  static boolean bool(Boolean b) {
    return b != null && b;
  }

  static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  /**
   * {@code set} as a sorted list, for the facts that are sets the {@link EstateIndex} fills pass by
   * pass: a task definition's {@code ciReasons}, a subnet's {@code referencedBy}, a file system's or
   * a secret's {@code usedBy}, a role's {@code kinds}. Sorted, their order depends neither on the
   * order of those passes nor on the inventory's, so equal estates give equal facts and messages.
   */
  static List<String> sorted(Collection<String> set) {
    return set.stream().sorted().toList();
  }

  /** The resource name of an ARN ({@code .../name} or {@code ...:name}), or the input. */
  static String arnName(String arn) {
    if (arn == null) return "";
    int slash = arn.lastIndexOf('/');
    if (slash >= 0) return arn.substring(slash + 1);
    int colon = arn.lastIndexOf(':');
    return colon >= 0 ? arn.substring(colon + 1) : arn;
  }

  /**
   * {@code value} with every map and list in it, at any depth, made unmodifiable: subjects are
   * judged on several threads, so their facts must not change after derive. Maps keep their order
   * (messages and CEL iterate it). A list made by {@link #shared} is taken as it is.
   */
  static Object immutable(Object value) {
    if (value instanceof SharedList) return value;
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
      map.forEach((k, v) -> copy.put(k, immutable(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = null;
      for (int i = 0; i < list.size(); i++) {
        Object e = list.get(i);
        Object frozen = immutable(e);
        if (frozen != e && copy == null) copy = new ArrayList<>(list.subList(0, i));
        if (copy != null) copy.add(frozen);
      }
      // A list of plain values (most are) is wrapped rather than copied: derive drops its own reference.
      return Collections.unmodifiableList(copy != null ? copy : list);
    }
    return value;
  }

  /**
   * {@code list} made {@link #immutable} once, for a value many subjects share (the expected SSH and
   * NFS sources of every security group): {@link #immutable} then takes it as it is instead of
   * copying it with each subject, which would cost subjects times its length.
   */
  static List<Object> shared(List<?> list) {
    return new SharedList((List<?>) immutable(list));
  }

  /** An unmodifiable list already made {@link #immutable}; equal to any list of the same elements. */
  private static final class SharedList extends AbstractList<Object> implements RandomAccess {
    private final List<?> list;

    SharedList(List<?> list) {
      this.list = list;
    }

    @Override
    public Object get(int index) {
      return list.get(index);
    }

    @Override
    public int size() {
      return list.size();
    }
  }
}
