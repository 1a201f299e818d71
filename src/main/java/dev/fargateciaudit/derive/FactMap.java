package dev.fargateciaudit.derive;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable, insertion-ordered map of a few facts, backed by two arrays. A subject's nested facts
 * (a container, a volume, an inbound rule) are small maps, about a million of them at scale
 * 100,000: as {@code LinkedHashMap}s (an entry object per key and a 16-slot table each) they were a
 * third of the live heap. Lookups scan the keys, which is as fast as hashing for the handful of
 * keys a fact has (larger maps, such as a subject's top level, look keys up in their shape's
 * index); order is kept because messages and CEL iterate it.
 */
final class FactMap extends AbstractMap<String, Object> {
  /** Maps with more keys than this stay as they are. */
  static final int MAX_KEYS = 16;

  private final Shape shape;
  private final Object[] values;

  private FactMap(Shape shape, Object[] values) {
    this.shape = shape;
    this.values = values;
  }

  /**
   * A subject's top-level facts as a FactMap, its values compacted (see {@link #compact}): the same
   * few key sets repeat over every subject of a type, so they are shared, with an index for lookups.
   * Null values are refused, as {@code Map.copyOf} refuses them.
   */
  static Map<String, Object> of(Map<String, Object> facts) {
    if (facts instanceof Builder b) {
      for (int i = 0; i < b.size; i++) Objects.requireNonNull(b.values[i], b.keys[i]);
      return b.build();
    }
    String[] ks = new String[facts.size()];
    Object[] vs = new Object[facts.size()];
    int i = 0;
    for (Map.Entry<String, Object> e : facts.entrySet()) {
      ks[i] = Objects.requireNonNull(e.getKey());
      vs[i++] = compact(Objects.requireNonNull(e.getValue(), e.getKey()));
    }
    return new FactMap(Shape.of(ks), vs);
  }

  /**
   * {@code value} with every small string-keyed map inside it (itself included) made a FactMap and
   * every list holding such a map copied; a list or map with nothing to change is returned as it is,
   * so values shared between subjects stay shared.
   */
  static Object compact(Object value) {
    if (value instanceof FactMap || value instanceof Shared) return value;
    if (value instanceof Builder b) return b.build();
    if (value instanceof Map<?, ?> m) {
      if (m.size() > MAX_KEYS) return value;
      String[] ks = new String[m.size()];
      Object[] vs = new Object[m.size()];
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) return value;
        ks[i] = k;
        vs[i++] = compact(e.getValue());
      }
      return new FactMap(Shape.of(ks), vs);
    }
    if (value instanceof List<?> l) {
      List<Object> out = null;
      for (int i = 0; i < l.size(); i++) {
        Object v = l.get(i);
        Object c = compact(v);
        if (c != v && out == null) {
          out = new ArrayList<>(l.size());
          for (int j = 0; j < i; j++) out.add(l.get(j));
        }
        if (out != null) out.add(c);
      }
      return out == null ? value : java.util.Collections.unmodifiableList(out);
    }
    return value;
  }

  /** A map of facts with the given keys to come, built in place (see {@link Builder}). */
  static Builder builder(int expectedKeys) {
    return new Builder(expectedKeys);
  }

  /**
   * A fact map being filled in: puts append to two arrays that become the FactMap's, so a subject's
   * facts are not first a {@code LinkedHashMap} (an entry per key, a table) only to be copied into
   * arrays by {@link #compact}. At scale 100,000 those maps were about 0.6 GB of the derive step's
   * garbage. It reads and overwrites like the insertion-ordered map it replaces; {@link #build}, or
   * compacting it, freezes it (a put after that throws), and building it again gives the same map.
   * For facts whose keys are fixed in the code; maps keyed by data (tags, condition keys) stay maps.
   * A list of built maps has nothing left to compact, so {@link #compact} keeps it as it is: put it
   * into the facts as an immutable copy ({@code List.copyOf}), as compacting it used to make one.
   */
  static final class Builder extends AbstractMap<String, Object> {
    private String[] keys;
    private Object[] values;
    private int size;
    private FactMap built;

    private Builder(int expectedKeys) {
      keys = new String[Math.max(1, expectedKeys)];
      values = new Object[keys.length];
    }

    private int indexOf(Object key) {
      for (int i = 0; i < size; i++) {
        if (keys[i] == key || keys[i].equals(key)) return i;
      }
      return -1;
    }

    @Override
    public Object put(String key, Object value) {
      Objects.requireNonNull(key);
      if (built != null) throw new IllegalStateException("facts already built");
      int i = indexOf(key);
      if (i >= 0) {
        Object old = values[i];
        values[i] = value;
        return old;
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = key;
      values[size++] = value;
      return null;
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
    public int size() {
      return size;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return built != null ? built.entrySet() : entries(keys, values, size);
    }

    /** The FactMap of these facts, their values compacted; the arrays are handed over, not copied, when the hint was exact. */
    FactMap build() {
      if (built == null) {
        if (keys.length != size) {
          keys = Arrays.copyOf(keys, size);
          values = Arrays.copyOf(values, size);
        }
        for (int i = 0; i < size; i++) values[i] = compact(values[i]);
        built = new FactMap(Shape.of(keys), values);
      }
      return built;
    }
  }

  /**
   * {@code list} compacted once and marked so that {@link #compact} takes it as it is: for a value
   * every subject of a type shares. Compacting it with each subject scans it once per subject: at
   * scale 100,000 the expected NFS sources (every CI task group and CI subnet, 30,000 values) were
   * scanned for each of the 20,000 security groups, most of the time spent deriving them.
   */
  static List<Object> shared(List<?> list) {
    return new Shared((List<?>) compact(list));
  }

  /** An unmodifiable list already compacted; equal to any list of the same elements. */
  private static final class Shared extends AbstractList<Object> implements RandomAccess {
    private final List<?> list;

    Shared(List<?> list) {
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
   * The keys of a FactMap, one instance per distinct key sequence: nested facts repeat a handful of
   * shapes (a container, an environment variable, an inbound rule), about a million maps at scale
   * 100,000 whose own key arrays took 40 MB, and a subject type's top-level facts are one shape.
   * Shapes of more than {@link #SCAN_KEYS} keys carry an index. At most {@link #MAX} shapes are
   * kept; others are not shared.
   */
  private static final class Shape {
    static final int MAX = 4096;
    static final int SCAN_KEYS = 8;
    private static final Map<Shape, Shape> SEEN = new ConcurrentHashMap<>();

    final String[] keys;
    final Map<String, Integer> index;

    private Shape(String[] keys, boolean indexed) {
      this.keys = keys;
      if (!indexed || keys.length <= SCAN_KEYS) {
        index = null;
      } else {
        Map<String, Integer> ix = new HashMap<>(keys.length * 2);
        for (int i = keys.length - 1; i >= 0; i--) ix.put(keys[i], i);
        index = ix;
      }
    }

    static Shape of(String[] keys) {
      // Almost every shape has been seen: probe without building an index only to drop it (the
      // probes' indexes were 0.34 GB of garbage at scale 100,000).
      Shape seen = SEEN.get(new Shape(keys, false));
      if (seen != null) return seen;
      Shape s = new Shape(keys, true);
      if (SEEN.size() < MAX) {
        seen = SEEN.putIfAbsent(s, s);
        if (seen != null) return seen;
      }
      return s;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Shape s && Arrays.equals(keys, s.keys);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(keys);
    }
  }

  @Override
  public int size() {
    return shape.keys.length;
  }

  private int indexOf(Object key) {
    if (shape.index != null) {
      Integer i = shape.index.get(key);
      return i == null ? -1 : i;
    }
    String[] keys = shape.keys;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key || keys[i].equals(key)) return i;
    }
    return -1;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return entries(shape.keys, values, shape.keys.length);
  }

  /** The first {@code size} keys and values as entries, in order (a view: read it before changing them). */
  private static Set<Map.Entry<String, Object>> entries(String[] keys, Object[] values, int size) {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= size) throw new NoSuchElementException();
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }
    };
  }
}
