package dev.fargateciaudit.derive;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

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
   * An empty map for facts, kept in insertion order (messages and CEL iterate it): derive fills it,
   * and {@link #immutable} freezes it where it is, with no copy.
   */
  static Map<String, Object> map() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) (Map<?, ?>) new ArrayMap();
    return m;
  }

  /**
   * {@code value} with every map and list in it, at any depth, made unmodifiable: subjects are
   * judged on several threads, so their facts must not change after derive. A map made by
   * {@link #map} is frozen where it is; any other map is copied into one (keeping its order). A
   * list made by {@link #shared} is taken as it is.
   */
  static Object immutable(Object value) {
    if (value instanceof SharedList) return value;
    if (value instanceof ArrayMap map) return map.freeze();
    if (value instanceof Map<?, ?> map) {
      ArrayMap copy = new ArrayMap(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) copy.put(e.getKey(), e.getValue());
      return copy.freeze();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = null;
      for (int i = 0; i < list.size(); i++) {
        Object e = list.get(i);
        Object frozen = immutable(e);
        if (frozen != e && copy == null) {
          copy = new ArrayList<>(list.size());
          copy.addAll(list.subList(0, i));
        }
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

  /**
   * A map over arrays of keys, their hashes and values, in insertion order: derive's fact maps,
   * written while a subject is built and then frozen by {@link #immutable}, after which it refuses
   * every change. A fact map has a few dozen keys at most, so a lookup scans the hashes: rules and
   * their memo read facts by name many times per subject, and a scan of ints calls no method per
   * key. The subjects of an estate's parts are alive together while they are judged, and in this
   * form they take a fraction of the memory of {@code LinkedHashMap}s.
   */
  private static final class ArrayMap extends AbstractMap<Object, Object> {
    private Object[] keys;
    private int[] hashes;
    private Object[] values;
    private int size;
    private boolean frozen;

    ArrayMap() {
      this(8);
    }

    ArrayMap(int capacity) {
      keys = new Object[capacity];
      hashes = new int[capacity];
      values = new Object[capacity];
    }

    /** This map, its values made {@link #immutable}, refusing changes from now on. */
    ArrayMap freeze() {
      if (!frozen) {
        frozen = true;
        for (int i = 0; i < size; i++) values[i] = immutable(values[i]);
      }
      return this;
    }

    private int indexOf(Object key) {
      if (key == null) return -1;
      int h = key.hashCode();
      for (int i = 0; i < size; i++) {
        if (hashes[i] == h && (keys[i] == key || key.equals(keys[i]))) return i;
      }
      return -1;
    }

    @Override
    public Object get(Object key) {
      int i = indexOf(key);
      return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
      return indexOf(key) >= 0;
    }

    @Override
    public Object put(Object key, Object value) {
      if (frozen) throw new UnsupportedOperationException("facts are frozen once their subject is built");
      Objects.requireNonNull(key);
      int i = indexOf(key);
      if (i >= 0) {
        Object old = values[i];
        values[i] = value;
        return old;
      }
      if (size == keys.length) {
        int capacity = Math.max(8, size * 2);
        keys = Arrays.copyOf(keys, capacity);
        hashes = Arrays.copyOf(hashes, capacity);
        values = Arrays.copyOf(values, capacity);
      }
      keys[size] = key;
      hashes[size] = key.hashCode();
      values[size++] = value;
      return null;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public void forEach(BiConsumer<? super Object, ? super Object> action) {
      for (int i = 0; i < size; i++) action.accept(keys[i], values[i]);
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return size;
        }

        @Override
        public Iterator<Map.Entry<Object, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < size;
            }

            @Override
            public Map.Entry<Object, Object> next() {
              if (next >= size) throw new NoSuchElementException();
              int i = next++;
              return new SimpleImmutableEntry<>(keys[i], values[i]);
            }
          };
        }
      };
    }
  }
}
