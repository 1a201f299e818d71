package dev.fargateciaudit.derive;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every subject of an estate, by type. */
public record Subjects(Map<SubjectType, List<Subject>> byType) {
  public Subjects {
    EnumMap<SubjectType, List<Subject>> m = new EnumMap<>(SubjectType.class);
    for (SubjectType t : SubjectType.values()) m.put(t, List.copyOf(byType.getOrDefault(t, List.of())));
    byType = m;
  }

  public List<Subject> of(SubjectType t) {
    return byType.get(t);
  }

  public int count() {
    return byType.values().stream().mapToInt(List::size).sum();
  }
}
