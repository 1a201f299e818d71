package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a value a template or an evidence expression gives reads in a message: the text users see in every report. */
class MessageTemplateFormatTest {
  @Test
  void scalarsAreTheirText() {
    assertThat(MessageTemplate.format("sg-0abc")).isEqualTo("sg-0abc");
    assertThat(MessageTemplate.format(22L)).isEqualTo("22");
    assertThat(MessageTemplate.format(true)).isEqualTo("true");
    assertThat(MessageTemplate.format(null)).isEqualTo("null");
  }

  @Test
  void listsAndMapsAreJoinedByCommasInTheirOrderAtAnyDepth() {
    assertThat(MessageTemplate.format(List.of())).isEmpty();
    assertThat(MessageTemplate.format(List.of("a", "b", "c"))).isEqualTo("a, b, c");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("zone", "eu-west-2a");
    m.put("ports", List.of(22L, 2049L));
    m.put("nested", Map.of("k", List.of()));
    assertThat(MessageTemplate.format(m)).isEqualTo("zone=eu-west-2a, ports=22, 2049, nested=k=");
    assertThat(MessageTemplate.format(List.of(List.of("a", "b"), Map.of("x", 1L), "c"))).isEqualTo("a, b, x=1, c");
  }
}
