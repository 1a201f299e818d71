package dev.fargateciaudit.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What of {@code subject} a rule's expressions read, found once from their checked ASTs, and the
 * projection of a subject onto it. Two subjects with equal projections get the same outcome from
 * the rule, since a CEL expression is a pure function of the values it reads: that is what lets
 * {@link RuleMemo} judge many subjects with one evaluation.
 *
 * <p>The analysis follows field selections from {@code subject} and from comprehension variables
 * bound to the elements of a list it reads (also through {@code filter}, whose result holds elements
 * of its range, recognised by the shape it expands to). A value used in any other way (compared,
 * passed to a function, {@code size}d, iterated as a map, built into a literal, or the result
 * itself) is read whole. A list read only element by element is projected element by element,
 * keeping its size and order, and a map read only by field keeps, for each field read, whether it
 * is present and its projection. Anything the analysis does not recognise reads the whole subject,
 * never less than what the expression can see (and such a rule is not memoised).
 */
final class SubjectReads {
  /** Markers in a projection, so that values of different shapes never project alike. */
  private static final Object ABSENT = new Marker("absent");
  private static final Object MAP = new Marker("map");
  private static final Object LIST = new Marker("list");
  private static final Object ENTRIES = new Marker("entries");

  /** Equal only to itself, with a fixed hash (the hash of a projection must not vary between runs). */
  private static final class Marker {
    private final String name;

    Marker(String name) {
      this.name = name;
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** What is read of one value: whole, or some of its fields, or its elements. */
  private static final class Node {
    boolean whole;
    final Map<String, Node> fields = new LinkedHashMap<>();
    Node element;

    Node field(String name) {
      return fields.computeIfAbsent(name, n -> new Node());
    }

    Node element() {
      if (element == null) element = new Node();
      return element;
    }
  }

  /** The immutable form of a {@link Node}: field names and child reads as arrays. */
  private record Read(boolean whole, String[] names, Read[] children, Read element) {
    static Read of(Node n) {
      if (n.whole || (n.fields.isEmpty() && n.element == null)) return new Read(true, null, null, null);
      // A value read both by field and element by element is a mistake at run time either way; whole is exact.
      if (!n.fields.isEmpty() && n.element != null) return new Read(true, null, null, null);
      if (n.element != null) return new Read(false, null, null, of(n.element));
      String[] names = n.fields.keySet().toArray(new String[0]);
      Read[] children = new Read[names.length];
      for (int i = 0; i < names.length; i++) children[i] = of(n.fields.get(names[i]));
      return new Read(false, names, children, null);
    }
  }

  private final Read root;
  /**
   * The longest projection made so far: the next starts with room for it, instead of growing its
   * array step by step on every subject. Only a size hint, so a race between workers is harmless.
   */
  private int longest = 16;

  private SubjectReads(Read root) {
    this.root = root;
  }

  /** The reads of every expression in {@code asts} (nulls are skipped) on the variable {@code subject}. */
  static SubjectReads of(List<CelAbstractSyntaxTree> asts) {
    Node subject = new Node();
    for (CelAbstractSyntaxTree ast : asts) {
      if (ast == null) continue;
      Analysis a = new Analysis(subject);
      a.use(ast.getExpr(), Map.of());
    }
    return new SubjectReads(Read.of(subject));
  }

  /** True when the expressions read {@code subject} whole (nothing smaller to project). */
  boolean readsWhole() {
    return root.whole();
  }

  /**
   * The projection of {@code subject} onto what is read: equal projections, equal outcomes. Compared
   * element by element, in order (a map read whole is compared entry by entry, in its order).
   */
  Projection project(Map<String, Object> subject) {
    Projection key = new Projection(longest);
    project(subject, root, key);
    if (key.size > longest) longest = key.size;
    return key;
  }

  /**
   * A projection: the values read and the markers of their shape, flat, with the hash computed as
   * they are added (a memo looks each projection up once, so one pass builds and hashes it).
   */
  static final class Projection {
    private Object[] items;
    private int size;
    private int hash = 1;

    Projection(int capacity) {
      items = new Object[capacity];
    }

    void add(Object o) {
      if (size == items.length) items = Arrays.copyOf(items, size * 2);
      items[size++] = o;
      hash = 31 * hash + (o == null ? 0 : o.hashCode());
    }

    /** The values and markers, in order (for tests). */
    List<Object> items() {
      return Arrays.asList(Arrays.copyOf(items, size));
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Projection p && p.hash == hash && p.size == size && Arrays.equals(items, 0, size, p.items, 0, size);
    }

    @Override
    public String toString() {
      return items().toString();
    }
  }

  private static void project(Object value, Read read, Projection key) {
    if (!read.whole()) {
      if (read.element() != null && value instanceof List<?> list) {
        key.add(LIST);
        key.add(list.size());
        for (Object e : list) project(e, read.element(), key);
        return;
      }
      if (read.names() != null && value instanceof Map<?, ?> map) {
        key.add(MAP);
        for (int i = 0; i < read.names().length; i++) {
          Object v = map.get(read.names()[i]);
          if (v == null && !map.containsKey(read.names()[i])) key.add(ABSENT);
          else project(v, read.children()[i], key);
        }
        return;
      }
    }
    whole(value, key);
  }

  /** A value read whole, in an order-preserving form (a map's equality would ignore its order). */
  private static void whole(Object value, Projection key) {
    if (value instanceof Map<?, ?> map) {
      key.add(ENTRIES);
      key.add(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        key.add(e.getKey());
        whole(e.getValue(), key);
      }
    } else if (value instanceof List<?> list) {
      key.add(LIST);
      key.add(list.size());
      for (Object e : list) whole(e, key);
    } else {
      key.add(value);
    }
  }

  /** One pass over one AST, marking what of {@code subject} it reads. */
  private static final class Analysis {
    private final Node subject;

    Analysis(Node subject) {
      this.subject = subject;
    }

    /** {@code e} is used as a value: whatever of the subject it denotes is read whole. */
    void use(CelExpr e, Map<String, Node> scope) {
      Node n = denote(e, scope);
      if (n != null) n.whole = true;
    }

    /**
     * The part of the subject {@code e} denotes (a selection path from {@code subject} or from a
     * bound comprehension variable, or the result of a {@code filter} over such a list), with what
     * its sub-expressions read marked; null when it is a computed value.
     */
    Node denote(CelExpr e, Map<String, Node> scope) {
      switch (e.exprKind().getKind()) {
        case IDENT -> {
          String name = e.ident().name();
          if (scope.containsKey(name)) return scope.get(name);
          return CelEnvironment.SUBJECT.equals(name) ? subject : null;
        }
        case SELECT -> {
          CelExpr.CelSelect s = e.select();
          Node operand = denote(s.operand(), scope);
          if (operand == null) return null;
          Node field = operand.field(s.field());
          if (s.testOnly()) {
            // has(x.f): presence is kept for every field read; reading f whole keeps it exactly.
            field.whole = true;
            return null;
          }
          return field;
        }
        case CALL -> {
          CelExpr.CelCall c = e.call();
          c.target().ifPresent(t -> use(t, scope));
          for (CelExpr a : c.args()) use(a, scope);
          return null;
        }
        case LIST -> {
          for (CelExpr a : e.list().elements()) use(a, scope);
          return null;
        }
        case MAP -> {
          for (var entry : e.map().entries()) {
            use(entry.key(), scope);
            use(entry.value(), scope);
          }
          return null;
        }
        case STRUCT -> {
          for (var entry : e.struct().entries()) use(entry.value(), scope);
          return null;
        }
        case COMPREHENSION -> {
          return comprehension(e, scope);
        }
        case CONSTANT -> {
          return null;
        }
        default -> {
          subject.whole = true;
          return null;
        }
      }
    }

    private Node comprehension(CelExpr e, Map<String, Node> scope) {
      CelExpr.CelComprehension c = e.comprehension();
      Node range = denote(c.iterRange(), scope);
      Map<String, Node> inner = new HashMap<>(scope);
      inner.put(c.accuVar(), null);
      if (c.iterVar2() != null && !c.iterVar2().isEmpty()) {
        // Two-variable comprehensions see keys or indexes with values: read the range whole.
        if (range != null) range.whole = true;
        inner.put(c.iterVar(), null);
        inner.put(c.iterVar2(), null);
      } else {
        inner.put(c.iterVar(), range == null ? null : range.element());
      }
      use(c.accuInit(), scope);
      use(c.loopCondition(), inner);
      use(c.result(), inner);
      CelExpr filterPredicate = filterPredicate(e);
      if (filterPredicate != null && range != null) {
        // filter(x, p) keeps elements of its range: its result denotes the same list (element reads included).
        use(filterPredicate, inner);
        return range;
      }
      use(c.loopStep(), inner);
      return null;
    }

    /**
     * The predicate {@code p} of a comprehension that keeps the elements of its range for which
     * {@code p} holds: accumulator {@code []}, step {@code p ? accu + [x] : accu}, result
     * {@code accu} (what the {@code filter} macro expands to). Null for any other shape.
     */
    private static CelExpr filterPredicate(CelExpr e) {
      CelExpr.CelComprehension c = e.comprehension();
      CelExpr init = c.accuInit();
      if (init.exprKind().getKind() != CelExpr.ExprKind.Kind.LIST || !init.list().elements().isEmpty()
          || !isIdent(c.result(), c.accuVar())) {
        return null;
      }
      CelExpr step = c.loopStep();
      if (!isCall(step, "_?_:_", 3)) return null;
      CelExpr kept = step.call().args().get(1);
      if (!isIdent(step.call().args().get(2), c.accuVar()) || !isCall(kept, "_+_", 2)
          || !isIdent(kept.call().args().get(0), c.accuVar())) {
        return null;
      }
      CelExpr added = kept.call().args().get(1);
      if (added.exprKind().getKind() != CelExpr.ExprKind.Kind.LIST || added.list().elements().size() != 1
          || !isIdent(added.list().elements().get(0), c.iterVar())) {
        return null;
      }
      return step.call().args().get(0);
    }

    private static boolean isCall(CelExpr e, String function, int args) {
      return e.exprKind().getKind() == CelExpr.ExprKind.Kind.CALL && e.call().target().isEmpty()
          && e.call().function().equals(function) && e.call().args().size() == args;
    }

    private static boolean isIdent(CelExpr e, String name) {
      return e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals(name);
    }
  }
}
