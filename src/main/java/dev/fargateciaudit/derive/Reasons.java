package dev.fargateciaudit.derive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

  private final Map<String, Names> byKind = new TreeMap<>();
  /**
   * The sentences, once asked for, until the next add. Not volatile: the list is immutable, so a
   * thread that sees it sees it whole; one that does not makes an equal one.
   */
  private List<String> sentences;

  /** A reason that stands alone: "the runner config's subnet". */
  void add(String reason) {
    sentences = null;
    byKind.computeIfAbsent(reason, k -> new Names());
  }

  /** A reason about {@code name}: "subnet of service" + "renovate". */
  void add(String kind, String name) {
    sentences = null;
    byKind.computeIfAbsent(kind, k -> new Names()).add(name);
  }

  boolean isEmpty() {
    return byKind.isEmpty();
  }

  /** One sentence per kind: "execution role of gitlab-ci-build:3, gitlab-ci-deploy:1 and 12 more". */
  List<String> sentences() {
    List<String> made = sentences;
    if (made == null) {
      List<String> out = new ArrayList<>(byKind.size());
      byKind.forEach((kind, names) -> out.add(names.count() == 0 ? kind : kind + " " + names.sentence()));
      sentences = made = List.copyOf(out);
    }
    return made;
  }

  /**
   * The names of one kind of reason: how many distinct ones, and the {@link #NAMED} first in order,
   * all a sentence says of them. A subnet of thousands of running tasks holds thousands of names, so
   * they are counted in a hash set rather than kept sorted.
   */
  private static final class Names {
    private final Set<String> all = new HashSet<>();
    /** The smallest names, in order. */
    private final String[] first = new String[NAMED];
    private int named;

    void add(String name) {
      if (!all.add(name)) return;
      if (named == NAMED && name.compareTo(first[NAMED - 1]) >= 0) return;
      int i = named < NAMED ? named++ : NAMED - 1;
      for (; i > 0 && first[i - 1].compareTo(name) > 0; i--) first[i] = first[i - 1];
      first[i] = name;
    }

    int count() {
      return all.size();
    }

    String sentence() {
      int rest = all.size() - named;
      if (rest > 0) return String.join(", ", Arrays.asList(first).subList(0, named)) + " and " + rest + " more";
      if (named == 1) return first[0];
      return String.join(", ", Arrays.asList(first).subList(0, named - 1)) + " and " + first[named - 1];
    }
  }
}
