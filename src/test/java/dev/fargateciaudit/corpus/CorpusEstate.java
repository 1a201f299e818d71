package dev.fargateciaudit.corpus;

import java.nio.file.Path;
import java.util.List;

/**
 * One estate of the corpus: what it is and why it is realistic (the class comment), how it is built
 * ({@link #build}), and what a correct tool reports on it ({@link #expected}).
 */
abstract class CorpusEstate {
  private final String name;

  protected CorpusEstate(String name) {
    this.name = name;
  }

  /** Short and stable: the test's display name and the key of {@code EstatesCorpusIT.KNOWN_GAPS}. */
  final String name() {
    return name;
  }

  /** Builds the estate in moto and writes its {@code audit.yml} (and {@code fargate.toml}) into {@code dir}; returns the audit.yml. */
  abstract Path build(EstateKit kit, Path dir);

  /** What a correct tool reports on the estate; the ids are those {@link #build} created. */
  abstract Expectation expected();

  /** Secret values the estate puts in plain sight (a token in an environment variable): no output of the tool may hold them. */
  List<String> plaintextSecrets() {
    return List.of();
  }

  @Override
  public String toString() {
    return name;
  }
}
