package dev.fargateciaudit.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Why one resource is in the CI scope, as the sentences users read in the reports ({@code scope}):
 * each a kind of reason ("execution role of") with the names it holds for ("gitlab-ci-build:3").
 * A kind shared by many resources (a role that thousands of revisions use) names the first few in
 * order and counts the rest, so a subject's reasons stay short whatever the estate's size.
 *
 * <p>Filled pass by pass by {@link EstateIndex} (one thread per instance), then read when subjects
 * are built, on any thread; kinds and names are sorted at output, so the order of the passes shows
 * nowhere. The sentences are made once: a task definition's are the scope of its subject and of each
 * of its containers, built in other parts.
 */
final class Reasons {
  /** Names given per kind before the rest are counted. */
  static final int NAMED = 3;

  private final Map<String, Set<String>> byKind = new TreeMap<>();
  /**
   * The sentences, once asked for, until the next add. Not volatile: the list is immutable, so a
   * thread that sees it sees it whole; one that does not makes an equal one.
   */
  private List<String> sentences;

  /** A reason that stands alone: "the runner config's subnet". */
  void add(String reason) {
    sentences = null;
    byKind.computeIfAbsent(reason, k -> new TreeSet<>());
  }

  /** A reason about {@code name}: "subnet of service" + "renovate". */
  void add(String kind, String name) {
    sentences = null;
    byKind.computeIfAbsent(kind, k -> new TreeSet<>()).add(name);
  }

  boolean isEmpty() {
    return byKind.isEmpty();
  }

  /** One sentence per kind: "execution role of gitlab-ci-build:3, gitlab-ci-deploy:1 and 12 more". */
  List<String> sentences() {
    List<String> made = sentences;
    if (made == null) {
      List<String> out = new ArrayList<>(byKind.size());
      byKind.forEach((kind, names) -> out.add(names.isEmpty() ? kind : kind + " " + named(names)));
      sentences = made = List.copyOf(out);
    }
    return made;
  }

  private static String named(Set<String> names) {
    List<String> first = new ArrayList<>(NAMED);
    for (String n : names) {
      if (first.size() == NAMED) break;
      first.add(n);
    }
    int rest = names.size() - first.size();
    if (rest > 0) return String.join(", ", first) + " and " + rest + " more";
    if (first.size() == 1) return first.get(0);
    return String.join(", ", first.subList(0, first.size() - 1)) + " and " + first.get(first.size() - 1);
  }
}
