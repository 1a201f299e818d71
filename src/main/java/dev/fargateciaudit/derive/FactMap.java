package dev.fargateciaudit.derive;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, insertion-ordered map of a few facts, backed by two arrays. A subject's nested facts
 * (a container, a volume, an inbound rule) are small maps, about a million of them at scale
 * 100,000: as {@code LinkedHashMap}s (an entry object per key and a 16-slot table each) they were a
 * third of the live heap. Lookups scan the keys, which is as fast as hashing for the handful of
 * keys a fact has; order is kept because messages and CEL iterate it.
 */
final class FactMap extends AbstractMap<String, Object> {
  /** Maps with more keys than this stay as they are. */
  static final int MAX_KEYS = 16;

  private final String[] keys;
  private final Object[] values;

  private FactMap(String[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  /**
   * {@code value} with every small string-keyed map inside it (itself included) made a FactMap and
   * every list holding such a map copied; a list or map with nothing to change is returned as it is,
   * so values shared between subjects stay shared.
   */
  static Object compact(Object value) {
    if (value instanceof FactMap) return value;
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
      return new FactMap(ks, vs);
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

  @Override
  public int size() {
    return keys.length;
  }

  private int indexOf(Object key) {
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
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= keys.length) throw new NoSuchElementException();
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }
    };
  }
}
