package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an inventory in the snapshot format through Jackson's generator: each record as an object of
 * its components in declaration order, null ones left out; lists as arrays; maps with their keys
 * sorted; instants in ISO-8601; JSON trees as they are. These are the bytes the snapshot mapper
 * ({@link Mappers#json()}: non-null inclusion, map entries ordered by key) writes for the same
 * inventory ({@code InventoryWriterTest} holds the two to each other), without making a bean
 * serializer for each of the inventory's forty-odd record types first: for the estate of a small
 * account, that introspection was most of the cost of writing it.
 */
final class InventoryWriter {
  /** Each record type's component names and accessors, read once. */
  private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
    @Override
    protected Component[] computeValue(Class<?> type) {
      RecordComponent[] rc = type.getRecordComponents();
      Component[] out = new Component[rc.length];
      for (int i = 0; i < rc.length; i++) {
        Method accessor = rc[i].getAccessor();
        accessor.setAccessible(true);
        out[i] = new Component(rc[i].getName(), accessor);
      }
      return out;
    }
  };

  private record Component(String name, Method accessor) {}

  private InventoryWriter() {}

  /** Writes {@code value} (a record of the inventory, or any value one holds) at the generator's position. */
  static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      g.writeNumber(((Number) value).doubleValue());
    } else if (value instanceof BigInteger n) {
      g.writeNumber(n);
    } else if (value instanceof BigDecimal n) {
      g.writeNumber(n);
    } else if (value instanceof Enum<?> e) {
      g.writeString(e.name());
    } else if (value instanceof Instant i) {
      g.writeString(DateTimeFormatter.ISO_INSTANT.format(i));
    } else if (value instanceof JsonNode node) {
      Mappers.json().writeTree(g, node);
    } else if (value instanceof Collection<?> c) {
      g.writeStartArray();
      for (Object element : c) write(g, element);
      g.writeEndArray();
    } else if (value instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Record r) {
      writeRecord(g, r);
    } else {
      throw new IllegalArgumentException("no snapshot form for " + value.getClass().getName());
    }
  }

  private static void writeRecord(JsonGenerator g, Record r) throws IOException {
    g.writeStartObject();
    for (Component c : COMPONENTS.get(r.getClass())) {
      Object v;
      try {
        v = c.accessor().invoke(r);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("reading " + r.getClass().getSimpleName() + "." + c.name(), e.getCause());
      }
      if (v == null) continue;
      g.writeFieldName(c.name());
      write(g, v);
    }
    g.writeEndObject();
  }
}
