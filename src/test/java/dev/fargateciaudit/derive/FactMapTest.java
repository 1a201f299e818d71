package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compacted facts read, compare and iterate exactly like the maps they replace. */
class FactMapTest {
  private static Map<String, Object> rule(String proto, long from, long to, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("protocol", proto);
    m.put("fromPort", from);
    m.put("toPort", to);
    m.put("source", source);
    return m;
  }

  @Test
  void aSmallMapKeepsItsOrderValuesAndEquality() {
    Map<String, Object> original = rule("tcp", 22, 22, "10.0.0.0/16");
    Object compacted = FactMap.compact(original);
    assertThat(compacted).isInstanceOf(FactMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) compacted;
    assertThat(m).isEqualTo(original);
    assertThat(m.hashCode()).isEqualTo(original.hashCode());
    assertThat(m.keySet()).containsExactly("protocol", "fromPort", "toPort", "source");
    assertThat(m.get("toPort")).isEqualTo(22L);
    assertThat(m.get(new String("source"))).isEqualTo("10.0.0.0/16");
    assertThat(m.containsKey("missing")).isFalse();
    assertThat(m.get("missing")).isNull();
    assertThat(m.toString()).isEqualTo(original.toString());
    assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nestedMapsInListsAreCompactedAndTheListKeepsItsOrder() {
    List<Object> rules = new ArrayList<>(List.of(rule("tcp", 22, 22, "a"), rule("tcp", 2049, 2049, "b")));
    Map<String, Object> sg = new LinkedHashMap<>();
    sg.put("inbound", rules);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) FactMap.compact(sg);
    List<?> inbound = (List<?>) m.get("inbound");
    assertThat(inbound).isEqualTo(rules);
    assertThat(inbound).allSatisfy(r -> assertThat(r).isInstanceOf(FactMap.class));
    assertThatThrownBy(() -> ((List<Object>) inbound).add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void valuesWithNothingToCompactStayTheSameInstanceSoSharedListsStayShared() {
    List<String> shared = List.of("sg-1", "10.0.0.0/16");
    assertThat(FactMap.compact(shared)).isSameAs(shared);
    Map<String, Object> big = new LinkedHashMap<>();
    for (int i = 0; i <= FactMap.MAX_KEYS; i++) big.put("k" + i, i);
    assertThat(FactMap.compact(big)).isSameAs(big);
    assertThat(FactMap.compact("text")).isEqualTo("text");
  }

  /** A list every subject shares is compacted once; compacting it again, with each subject, is free. */
  @Test
  void aSharedListIsCompactedOnceAndThenTakenAsItIs() {
    List<Object> plain = new ArrayList<>(List.of("sg-1", rule("tcp", 22, 22, "a")));
    List<Object> shared = FactMap.shared(plain);
    assertThat(shared).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(shared.get(1)).isInstanceOf(FactMap.class);
    assertThat(FactMap.compact(shared)).isSameAs(shared);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("sources", shared);
    assertThat(FactMap.of(facts).get("sources")).isSameAs(shared);
    assertThatThrownBy(() -> shared.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> shared.set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
  }

  /** A subject's top level: any size, looked up through its shape's index, in insertion order. */
  @Test
  void aTopLevelMapOfManyKeysReadsLikeTheMapItReplaces() {
    Map<String, Object> facts = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) facts.put("fact" + i, (long) i);
    facts.put("inbound", new ArrayList<>(List.of(rule("tcp", 22, 22, "a"))));
    Map<String, Object> m = FactMap.of(facts);
    assertThat(m).isEqualTo(facts).hasSameHashCodeAs(facts);
    assertThat(m.keySet()).containsExactlyElementsOf(facts.keySet());
    assertThat(m.get(new String("fact29"))).isEqualTo(29L);
    assertThat(m.get("fact30")).isNull();
    assertThat(m.containsKey("inbound")).isTrue();
    assertThat(((List<?>) m.get("inbound")).get(0)).isInstanceOf(FactMap.class);
    Map<String, Object> withNull = new LinkedHashMap<>(facts);
    withNull.put("missing", null);
    assertThatThrownBy(() -> FactMap.of(withNull)).isInstanceOf(NullPointerException.class);
  }

  /** The derive step fills builders where it filled LinkedHashMaps: the facts must read the same. */
  @Test
  void aBuilderReadsLikeTheLinkedHashMapItReplacesAndBuildsTheSameFacts() {
    Map<String, Object> expected = new LinkedHashMap<>();
    FactMap.Builder b = FactMap.builder(2);
    for (Map<String, Object> m : List.of(expected, b)) {
      m.put("protocol", "tcp");
      m.put("fromPort", 22L);
      m.put("protocol", "udp");
      m.putIfAbsent("fromPort", 0L);
      m.putIfAbsent("toPort", 23L);
      m.put("inbound", new ArrayList<>(List.of(rule("tcp", 22, 22, "a"))));
    }
    assertThat(b).isEqualTo(expected).hasSameHashCodeAs(expected).hasSize(4);
    assertThat(b.keySet()).containsExactly("protocol", "fromPort", "toPort", "inbound");
    assertThat(b.get(new String("protocol"))).isEqualTo("udp");
    assertThat(b.containsKey("missing")).isFalse();

    FactMap built = b.build();
    assertThat(built).isEqualTo(expected).isEqualTo(FactMap.compact(expected));
    assertThat(built.keySet()).containsExactly("protocol", "fromPort", "toPort", "inbound");
    assertThat(((List<?>) built.get("inbound")).get(0)).isInstanceOf(FactMap.class);
    assertThat(b.build()).isSameAs(built);
    assertThat(FactMap.compact(b)).isSameAs(built);
    assertThat(FactMap.of(b)).isSameAs(built);
    assertThat(b).isEqualTo(expected);
    assertThatThrownBy(() -> b.put("late", 1L)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBuilderNestedInAListIsBuiltAndATopLevelBuilderRefusesNullsAsMapsDo() {
    FactMap.Builder rule = FactMap.builder(1);
    rule.put("port", 22L);
    FactMap.Builder sg = FactMap.builder(1);
    sg.put("inbound", List.of(rule));
    sg.put("description", null);
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("sg", sg);
    @SuppressWarnings("unchecked")
    Map<String, Object> compacted = (Map<String, Object>) FactMap.compact(nested);
    assertThat(compacted.get("sg")).isInstanceOf(FactMap.class);
    assertThat(((List<?>) ((Map<?, ?>) compacted.get("sg")).get("inbound")).get(0)).isSameAs(rule.build());

    FactMap.Builder top = FactMap.builder(1);
    top.put("name", "x");
    top.put("missing", null);
    assertThatThrownBy(() -> FactMap.of(top)).isInstanceOf(NullPointerException.class).hasMessage("missing");
  }
}
