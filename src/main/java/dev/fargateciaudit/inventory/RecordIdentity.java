package dev.fargateciaudit.inventory;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What makes a record of an inventory list one resource: its {@code id} in its region (VPCs,
 * subnets, security groups, ...), else its {@code arn} (which holds the region), else its
 * {@code allocationId} in its region (Elastic IPs). A record type with none of these (collection
 * errors) has no identity. Two records of one list with the same identity are one resource said
 * twice, which a snapshot must not do: whichever a reader took, the other's facts would be lost.
 */
final class RecordIdentity {
  private static final Map<Class<?>, RecordIdentity> BY_TYPE = new ConcurrentHashMap<>();

  private final RecordComponent key;
  private final RecordComponent region;

  private RecordIdentity(RecordComponent key, RecordComponent region) {
    this.key = key;
    this.region = region;
  }

  /** The identity of {@code type}'s records, or null when they have none. */
  static RecordIdentity of(Class<?> type) {
    RecordIdentity identity = BY_TYPE.computeIfAbsent(type, RecordIdentity::find);
    return identity.key == null ? null : identity;
  }

  private static RecordIdentity find(Class<?> type) {
    RecordComponent key = null;
    RecordComponent region = null;
    for (String name : new String[] {"id", "arn", "allocationId"}) {
      for (RecordComponent c : type.getRecordComponents()) {
        if (key == null && c.getName().equals(name) && c.getType() == String.class) key = c;
        if (c.getName().equals("region") && c.getType() == String.class) region = c;
      }
    }
    return new RecordIdentity(key, key != null && key.getName().equals("arn") ? null : region);
  }

  /** The field that identifies the record: {@code id}, {@code arn} or {@code allocationId}. */
  String field() {
    return key.getName();
  }

  /** The record's identity, or null when its key is absent (the schema decides whether that is allowed). */
  String of(Object record) {
    String k = (String) value(key, record);
    if (k == null) return null;
    return region == null ? k : value(region, record) + "\u0000" + k;
  }

  private static Object value(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(c.getName() + " of " + record.getClass().getSimpleName() + " cannot be read", e);
    }
  }
}
