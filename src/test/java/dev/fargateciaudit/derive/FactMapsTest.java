package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Derive's fact maps ({@link Facts#map}): insertion-ordered like the {@code LinkedHashMap}s they
 * replace, and frozen where they are by {@link Facts#immutable}, nested maps and lists with them.
 */
class FactMapsTest {
  @Test
  void keepsInsertionOrderAndReplacesInPlaceLikeALinkedHashMap() {
    Map<String, Object> facts = Facts.map();
    Map<String, Object> expected = new LinkedHashMap<>();
    for (Map<String, Object> m : List.of(facts, expected)) {
      for (int i = 0; i < 40; i++) m.put("fact" + (i * 7 % 40), (long) i);
      m.put("fact3", "again");
      m.putIfAbsent("fact5", "not put");
      m.putIfAbsent("last", true);
    }
    assertThat(facts).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(new ArrayList<>(facts.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
    List<String> order = new ArrayList<>();
    facts.forEach((k, v) -> order.add(k));
    assertThat(order).isEqualTo(new ArrayList<>(expected.keySet()));
    assertThat(facts.get("fact3")).isEqualTo("again");
    assertThat(facts.get("absent")).isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void isFrozenWhereItIsWithEverythingInIt() {
    Map<String, Object> nested = Facts.map();
    nested.put("port", 22L);
    List<Map<String, Object>> rules = new ArrayList<>(List.of(nested));
    Map<String, Object> facts = Facts.map();
    facts.put("inbound", rules);
    facts.put("name", "sg");

    Map<String, Object> frozen = (Map<String, Object>) Facts.immutable(facts);

    assertThat(frozen).isSameAs(facts);
    assertThatThrownBy(() -> frozen.put("name", "other")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> frozen.remove("name")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(frozen::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> nested.put("port", 23L)).isInstanceOf(UnsupportedOperationException.class);
    List<Object> inbound = (List<Object>) frozen.get("inbound");
    assertThatThrownBy(() -> inbound.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThat(inbound.get(0)).isSameAs(nested);
    assertThat(frozen).containsEntry("name", "sg");
  }
}
