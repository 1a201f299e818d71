package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes equal values of one snapshot load share one instance: strings (regions, VPC, subnet and
 * group ids, cluster and task-definition ARNs recur in every task, ENI and service), the subtrees
 * of policy documents (statements, action lists, principals recur across roles), and
 * {@link SharedValue} records with lists of them or of strings (environment, ports, mounts, rules,
 * group lists recur across revisions and groups). At N = 100,000 the inventory takes about
 * 280 MiB of heap instead of 1,013 MiB (docs/snapshot-loading.md).
 *
 * <p>Strings go through a direct-mapped cache: a fixed array indexed by the string's hash, so a
 * lookup costs one hash and, when the slot's string has the same hash (a {@code String} keeps its
 * own), one {@code equals}, and memory stays bounded; a value that collides with a different one is
 * simply not shared. At scale 100,000 the slots are larger than the processor's caches, so a lookup
 * is a few cache misses: the slot, the string in it (its kept hash), and only when the hashes are
 * the same its bytes. (A separate array of hashes was one miss more on every hit, the common case:
 * the load took 0.3-0.8 s more CPU, 2026-12-03.)
 * Policy-document subtrees go through a map, because a tree is shared only when every node under
 * it is. Sharing changes no value: records and nodes
 * compare equal exactly as before. Pooled objects and arrays are rebuilt immutable (see
 * {@link FrozenMembers}), since a change to a shared node would show in every record that shares it.
 *
 * <p>One pool per load, shared by its threads: records are bound with {@link #reader(Class)} in the
 * workers (see {@link SnapshotReader}), and their strings pooled there rather than while the
 * parser's thread builds the trees: that thread is the load's one serial stage, and at
 * N = 100,000 pooling there made it the bottleneck (docs/snapshot-loading.md).
 * Racing on a string slot is harmless: each is one reference to an immutable {@code String}, so a
 * reader sees null, an older string or a newer one, and at worst an equal string goes unshared; a
 * hash read from another write than its string only makes a lookup compare, or not share.
 * Subtrees, records and lists go through concurrent maps; a pooled one is complete before it is put there and
 * never changed after.
 */
final class ValuePool {
  private static final Object KEY = ValuePool.class;
  private static final int STRING_SLOTS = 1 << 20;

  private static final ObjectMapper MAPPER = Mappers.json().copy().registerModule(new SimpleModule("value-pool")
      .addDeserializer(JsonNode.class, new PooledNodes())
      .addDeserializer(String.class, new PooledStrings())
      .setDeserializerModifier(new SharedValues()));

  /** The binders of this pool's load, one per record type (see {@link #reader}). */
  private final ObjectReader binder = MAPPER.reader().withAttribute(KEY, this)
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final Map<Class<?>, ObjectReader> binders = new ConcurrentHashMap<>();

  private String[] strings = new String[STRING_SLOTS];
  private Map<JsonNode, JsonNode> nodes = new ConcurrentHashMap<>();
  private Map<List<String>, String[]> shapes = new ConcurrentHashMap<>();
  private Map<Object, Object> values = new ConcurrentHashMap<>();

  /**
   * A reader of {@code type} with the snapshot mapper's configuration that binds strings and
   * JSON-node values (policy documents) through this pool. It reads one value and leaves the
   * tokens after it (a tree has none; the parallel reader reads a batch's records one after
   * another from one parser).
   */
  ObjectReader reader(Class<?> type) {
    return binders.computeIfAbsent(type, binder::forType);
  }

  /**
   * Drops what the pool holds; call when the load is over, so that whatever outlives the load
   * and still refers to the pool (a reader kept by a library cache) does not keep the load's
   * strings and policy subtrees alive.
   */
  void release() {
    strings = null;
    nodes = null;
    shapes = null;
    values = null;
  }

  /** {@code s}, or an equal string this pool has seen. */
  String string(String s) {
    int h = s.hashCode();
    int slot = (h ^ (h >>> 17)) & (STRING_SLOTS - 1);
    String seen = strings[slot];
    if (seen != null && seen.hashCode() == h && seen.equals(s)) return seen;
    strings[slot] = s;
    return s;
  }

  /**
   * {@code node} with every subtree replaced by an equal one this pool has seen, if any, and every
   * object and array rebuilt immutable and compact ({@link FrozenMembers}, an immutable list).
   */
  JsonNode node(JsonNode node) {
    if (node instanceof ObjectNode object) {
      int size = object.size();
      String[] names = new String[size];
      JsonNode[] children = new JsonNode[size];
      Iterator<Map.Entry<String, JsonNode>> members = object.fields();
      for (int i = 0; i < size; i++) {
        Map.Entry<String, JsonNode> member = members.next();
        names[i] = member.getKey();
        children[i] = node(member.getValue());
      }
      node = new ObjectNode(JsonNodeFactory.instance, new FrozenMembers(sharedNames(names), children));
    } else if (node instanceof ArrayNode array) {
      JsonNode[] items = new JsonNode[array.size()];
      for (int i = 0; i < items.length; i++) items[i] = node(array.get(i));
      node = new ArrayNode(JsonNodeFactory.instance, List.of(items));
    } else if (node instanceof TextNode text) {
      String value = text.textValue();
      String pooled = string(value);
      if (pooled != value) node = TextNode.valueOf(pooled);
    } else if (!(node instanceof ValueNode) || node.isNull() || node.isBoolean() || node.isMissingNode()) {
      return node;
    }
    JsonNode seen = nodes.putIfAbsent(node, node);
    return seen != null ? seen : node;
  }

  /** {@code value} (a {@link SharedValue} record or an immutable list), or an equal one this pool has seen. */
  Object value(Object value) {
    Object seen = values.putIfAbsent(value, value);
    return seen != null ? seen : value;
  }

  /** {@code names}, or an equal array of member names this pool has seen: objects of one shape share it. */
  private String[] sharedNames(String[] names) {
    String[] seen = shapes.putIfAbsent(Arrays.asList(names), names); // the view compares by content
    return seen != null ? seen : names;
  }

  private static ValuePool of(DeserializationContext ctxt) {
    return (ValuePool) ctxt.getAttribute(KEY);
  }

  /** Jackson's own string binding (coercions and errors unchanged), the result from the pool. */
  private static final class PooledStrings extends StdDeserializer<String> {
    PooledStrings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String s = StringDeserializer.instance.deserialize(p, ctxt);
      ValuePool pool = of(ctxt);
      return s == null || pool == null ? s : pool.string(s);
    }

    @Override
    public String getNullValue(DeserializationContext ctxt) throws JsonMappingException {
      return StringDeserializer.instance.getNullValue(ctxt);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
      return StringDeserializer.instance.getAbsentValue(ctxt);
    }
  }

  /**
   * Binds {@link SharedValue} records, and lists of strings or of such records, through the pool.
   * Lists come out immutable (a shared list must be), so a record's own {@code List.copyOf} keeps
   * the pooled instance.
   */
  private static final class SharedValues extends BeanDeserializerModifier {
    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
        JsonDeserializer<?> deserializer) {
      return bean.getBeanClass().isAnnotationPresent(SharedValue.class) ? new Shared(deserializer, false) : deserializer;
    }

    @Override
    public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
        BeanDescription bean, JsonDeserializer<?> deserializer) {
      // Jackson has mapped a declared List to ArrayList by now; records declare List, never a
      // concrete list type (an immutable list bound into an ArrayList component would fail the bind).
      Class<?> element = type.getContentType().getRawClass();
      boolean shared = type.isTypeOrSubTypeOf(List.class)
          && (element == String.class || element.isAnnotationPresent(SharedValue.class));
      return shared ? new Shared(deserializer, true) : deserializer;
    }
  }

  /** Jackson's own binding of the value (coercions and errors unchanged), the result from the pool. */
  private static final class Shared extends DelegatingDeserializer {
    private final boolean list;

    Shared(JsonDeserializer<?> delegatee, boolean list) {
      super(delegatee);
      this.list = list;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegatee) {
      return new Shared(delegatee, list);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Object value = super.deserialize(p, ctxt);
      ValuePool pool = of(ctxt);
      if (value == null || pool == null) return value;
      return pool.value(list ? List.copyOf((Collection<?>) value) : value);
    }
  }

  private static final class PooledNodes extends StdDeserializer<JsonNode> {
    @SuppressWarnings("unchecked")
    private static final JsonDeserializer<JsonNode> NODES =
        (JsonDeserializer<JsonNode>) JsonNodeDeserializer.getDeserializer(JsonNode.class);

    PooledNodes() {
      super(JsonNode.class);
    }

    @Override
    public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = NODES.deserialize(p, ctxt);
      ValuePool pool = of(ctxt);
      return pool == null || !(node instanceof ContainerNode<?>) ? node : pool.node(node);
    }

    @Override
    public JsonNode getNullValue(DeserializationContext ctxt) throws JsonMappingException {
      return NODES.getNullValue(ctxt);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
      return NODES.getAbsentValue(ctxt);
    }
  }
}
