package dev.fargateciaudit.derive;

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
}
