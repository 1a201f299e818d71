package dev.fargateciaudit.rules;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.fargateciaudit.derive.FactType;
import dev.fargateciaudit.derive.SubjectFacts;
import dev.fargateciaudit.derive.SubjectType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A subject type's declared facts ({@link SubjectFacts}) as CEL types, the way Kubernetes'
 * ValidatingAdmissionPolicy declares {@code object}: each map with declared keys a
 * {@link StructType}, lists {@link ListType}s, free-form maps {@link MapType}s. The checker then
 * rejects a field no subject of the type has; at run time the values stay plain maps and lists,
 * whose fields CEL's interpreter selects as it does for {@code map(string, dyn)}.
 *
 * <p>CEL's error for an unknown field does not say which map it was read from. To suggest the
 * closest declared fact of that map, the expression is checked again with a probe: every struct
 * then accepts the unknown field and notes that it was asked for it ({@link #misses()}).
 */
final class SubjectCelTypes implements CelTypeProvider {
  /** A field the checker looked for and did not find, and the struct it looked in. */
  record Miss(FactType.Struct struct, String field) {}

  private final CelType subject;
  private final Map<String, CelType> structs = new LinkedHashMap<>();
  /** A field every struct accepts (as {@code dyn}) and notes being asked for; null for none. */
  private final String probe;
  private final List<Miss> misses = new ArrayList<>();

  SubjectCelTypes(SubjectType type) {
    this(type, null);
  }

  /** The types of {@code type}, every struct also accepting {@code probe} (see the class comment). */
  SubjectCelTypes(SubjectType type, String probe) {
    this.probe = probe;
    this.subject = cel(SubjectFacts.of(type));
  }

  /** The type of the variable {@code subject}. */
  CelType subject() {
    return subject;
  }

  /** The structs the checker asked for the probe field while it does not declare it, in the order it asked. */
  List<Miss> misses() {
    return List.copyOf(misses);
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structs.get(typeName));
  }

  private CelType cel(FactType t) {
    if (t == FactType.Scalar.STRING) return SimpleType.STRING;
    if (t == FactType.Scalar.BOOL) return SimpleType.BOOL;
    if (t == FactType.Scalar.INT) return SimpleType.INT;
    if (t instanceof FactType.ListOf l) return ListType.create(cel(l.element()));
    if (t instanceof FactType.MapOf m) return MapType.create(SimpleType.STRING, cel(m.value()));
    FactType.Struct s = (FactType.Struct) t;
    CelType known = structs.get(s.name());
    if (known != null) return known;
    Map<String, CelType> fields = new LinkedHashMap<>();
    boolean probed = probe != null && s.fact(probe).isEmpty();
    ImmutableSet<String> names = probed
        ? ImmutableSet.<String>builder().addAll(s.names()).add(probe).build() : ImmutableSet.copyOf(s.names());
    StructType st = StructType.create(s.name(), names, name -> {
      CelType f = fields.get(name);
      if (f == null && probed && name.equals(probe)) {
        synchronized (misses) {
          misses.add(new Miss(s, name));
        }
        return Optional.of(SimpleType.DYN);
      }
      return Optional.ofNullable(f);
    });
    structs.put(s.name(), st);
    for (FactType.Fact f : s.facts()) fields.put(f.name(), cel(f.type()));
    return st;
  }
}
