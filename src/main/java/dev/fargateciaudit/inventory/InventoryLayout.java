package dev.fargateciaudit.inventory;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The top-level members of a snapshot as {@link Inventory}'s components, for the readers that bind
 * a snapshot member by member ({@link SnapshotReader}, {@link ParallelSnapshotReader}): each
 * member's constructor index and (element) type, and the constructor that takes them all.
 */
final class InventoryLayout {
  /** A top-level component of {@link Inventory}: its constructor index and its (element) type. */
  record Member(int index, boolean list, Class<?> type) {}

  private static final Map<String, Member> MEMBERS = members();
  private static final Constructor<Inventory> CONSTRUCTOR = constructor();
  private static final Set<String> LISTS = MEMBERS.entrySet().stream()
      .filter(e -> e.getValue().list()).map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());

  private InventoryLayout() {}

  /** The component named {@code field}, or null when the inventory has none. */
  static Member member(String field) {
    return MEMBERS.get(field);
  }

  /** The names of the components that are lists. */
  static Set<String> lists() {
    return LISTS;
  }

  /** An array for the constructor's arguments, in component order. */
  static Object[] newValues() {
    return new Object[CONSTRUCTOR.getParameterCount()];
  }

  /** The inventory of {@code values} (see {@link #newValues}), its {@code schemaVersion} the supported one. */
  static Inventory inventory(Object[] values) {
    values[MEMBERS.get("schemaVersion").index()] = Inventory.SCHEMA_VERSION;
    try {
      return CONSTRUCTOR.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Inventory cannot be constructed", e);
    }
  }

  private static Map<String, Member> members() {
    Map<String, Member> members = new HashMap<>();
    RecordComponent[] components = Inventory.class.getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      boolean list = c.getType() == List.class;
      Class<?> type = list
          ? (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0]
          : c.getType();
      members.put(c.getName(), new Member(i, list, type));
    }
    return Map.copyOf(members);
  }

  private static Constructor<Inventory> constructor() {
    RecordComponent[] components = Inventory.class.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
    try {
      return Inventory.class.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
