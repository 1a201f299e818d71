package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The members of a pooled JSON object (a policy document or a part of it), in the order they were
 * read, in two arrays; the {@code Map} an {@code ObjectNode} of {@link ValuePool} is built over.
 *
 * <p>Jackson's own {@code ObjectNode} keeps a {@code LinkedHashMap}: a map, a table, an entry per
 * member and, once iterated, two view objects. At N = 100,000 the 212,000 policy objects took
 * 1.3 million objects and about 65 MiB that way, all of them copied into the old generation while
 * the snapshot loads. Here an object is this map and its values' array; the names' array is shared
 * by every object of the same shape.
 *
 * <p>Immutable: a pooled node is shared by every record that has an equal one, so a change through
 * one would show in all. Jackson's mutators ({@code set}, {@code replace}, {@code remove}) throw
 * {@link UnsupportedOperationException}. Equality and hash are {@link Map}'s, so a node over these
 * members equals any node with the same members, whatever its map; the hash is kept, as pooling
 * asks for it once per enclosing object.
 */
final class FrozenMembers extends AbstractMap<String, JsonNode> {
  private final String[] names;
  private final JsonNode[] values;
  private int hash;

  /** {@code names} may be shared and is never changed; {@code values} is taken as it is. */
  FrozenMembers(String[] names, JsonNode[] values) {
    if (names.length != values.length) throw new IllegalArgumentException("names and values differ in length");
    this.names = names;
    this.values = values;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public JsonNode get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  // Objects of policy documents have a handful of members, so a scan beats a table.
  private int indexOf(Object name) {
    if (name == null) return -1;
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) return i;
    }
    return -1;
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      for (int i = 0; i < names.length; i++) h += names[i].hashCode() ^ values[i].hashCode();
      hash = h;
    }
    return h;
  }

  @Override
  public Set<Map.Entry<String, JsonNode>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return names.length;
      }

      @Override
      public Iterator<Map.Entry<String, JsonNode>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Map.Entry<String, JsonNode> next() {
            if (next >= names.length) throw new NoSuchElementException();
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }
    };
  }
}
