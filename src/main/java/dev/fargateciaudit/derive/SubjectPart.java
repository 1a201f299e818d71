package dev.fargateciaudit.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Some of the subjects of one type, built when {@link #build()} is called: from the finished,
 * read-only index of a {@link Derivation}, so parts build in parallel. In a list of parts (see
 * {@link Derivation#parts}), the parts of one type come in subject order.
 */
public record SubjectPart(SubjectType type, Supplier<List<Subject>> subjects) {
  public List<Subject> build() {
    return subjects.get();
  }

  /**
   * {@code items} cut into consecutive views of {@code size}, in order; one empty view when there
   * are none, so that a type with no subjects still has a part.
   */
  public static <T> List<List<T>> slices(List<T> items, int size) {
    List<List<T>> slices = new ArrayList<>();
    for (int from = 0; from < items.size() || from == 0; from += size) {
      slices.add(items.subList(from, Math.min(items.size(), from + size)));
    }
    return slices;
  }
}
