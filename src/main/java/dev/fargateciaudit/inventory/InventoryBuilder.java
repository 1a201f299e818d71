package dev.fargateciaudit.inventory;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutable accumulator for an {@link Inventory}; thread-confined (collectors merge under a lock).
 *
 * <p>Its lists are {@link Inventory}'s list components, found by reflection over the record: one
 * list per component, looked up by its element type ({@link #list}, {@link #add}), which is
 * distinct for every component. So a new AWS resource type is a new component of the record (and
 * of the schema), and nothing here changes.
 */
public final class InventoryBuilder {
  /** Inventory's list components, by name, in declaration order: each one's element type. */
  private static final Map<String, Class<?>> LISTS = listComponents();
  private static final Constructor<Inventory> CONSTRUCTOR = canonicalConstructor();

  public InventoryMeta meta;
  public RunnerConfig runnerConfig;
  /** One list per list component, by element type. */
  private final Map<Class<?>, List<Object>> lists = new LinkedHashMap<>();

  InventoryBuilder() {
    for (Class<?> type : LISTS.values()) lists.put(type, new ArrayList<>());
  }

  /** The element type of the list component {@code name} ({@code vpcs}: {@link Vpc}), or null when there is none. */
  static Class<?> listType(String name) {
    return LISTS.get(name);
  }

  /** The list of records of {@code type} (a record type an inventory list holds), to read or change. */
  @SuppressWarnings("unchecked")
  public <T> List<T> list(Class<T> type) {
    return (List<T>) listOf(type);
  }

  /** Adds {@code record} to the list of its type. */
  public void add(Object record) {
    listOf(record.getClass()).add(record);
  }

  /** Adds every record of {@code records} to the list of its type. */
  public void addAll(Collection<?> records) {
    records.forEach(this::add);
  }

  private List<Object> listOf(Class<?> type) {
    List<Object> list = lists.get(type);
    if (list == null) throw new IllegalArgumentException("an inventory holds no list of " + type.getSimpleName());
    return list;
  }

  static InventoryBuilder from(Inventory inv) {
    InventoryBuilder b = new InventoryBuilder();
    b.meta = inv.meta();
    b.runnerConfig = inv.runnerConfig();
    for (RecordComponent c : Inventory.class.getRecordComponents()) {
      if (c.getType() == List.class) b.lists.get(LISTS.get(c.getName())).addAll(value(c, inv));
    }
    return b;
  }

  /** Adds everything {@code other} holds (used to merge per-service and per-region results). */
  public InventoryBuilder addAll(InventoryBuilder other) {
    other.lists.forEach((type, list) -> lists.get(type).addAll(list));
    if (other.runnerConfig != null) runnerConfig = other.runnerConfig;
    return this;
  }

  /** Records in every list of {@code inv}. */
  static long records(Inventory inv) {
    long n = 0;
    for (RecordComponent c : Inventory.class.getRecordComponents()) {
      if (c.getType() == List.class) n += value(c, inv).size();
    }
    return n;
  }

  /**
   * Puts each list of resources in the order of their identities ({@link RecordIdentity}: region and
   * id, or ARN) and the collection errors in the order of their fields. Live collection writes records
   * as answers arrive, in an order that differs from run to run; sorted, two scans of the same account
   * give the same inventory.json and reports.
   */
  public void sortByIdentity() {
    lists.forEach((type, list) -> {
      RecordIdentity identity = RecordIdentity.of(type);
      if (identity != null) {
        list.sort(Comparator.comparing(identity::of, Comparator.nullsLast(Comparator.naturalOrder())));
      } else if (type == CollectionError.class) {
        list.sort(Comparator.comparing(e -> ((CollectionError) e).toString()));
      }
    });
  }

  public Inventory build() {
    RecordComponent[] components = Inventory.class.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      args[i] = switch (name) {
        case "schemaVersion" -> Inventory.SCHEMA_VERSION;
        case "meta" -> meta;
        case "runnerConfig" -> runnerConfig;
        default -> {
          Class<?> type = LISTS.get(name);
          if (type == null) throw new IllegalStateException("InventoryBuilder does not fill Inventory." + name);
          yield lists.get(type);
        }
      };
    }
    try {
      return CONSTRUCTOR.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Inventory cannot be constructed", e);
    }
  }

  private static List<?> value(RecordComponent c, Inventory inv) {
    try {
      return (List<?>) c.getAccessor().invoke(inv);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Inventory." + c.getName() + " cannot be read", e);
    }
  }

  private static Map<String, Class<?>> listComponents() {
    Map<String, Class<?>> lists = new LinkedHashMap<>();
    for (RecordComponent c : Inventory.class.getRecordComponents()) {
      if (c.getType() != List.class) continue;
      Class<?> type = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
      if (lists.containsValue(type)) throw new IllegalStateException("two inventory lists of " + type.getSimpleName());
      lists.put(c.getName(), type);
    }
    return Collections.unmodifiableMap(lists);
  }

  private static Constructor<Inventory> canonicalConstructor() {
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
