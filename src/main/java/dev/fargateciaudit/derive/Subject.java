package dev.fargateciaudit.derive;

import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Source;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One thing a rule looks at. {@code fields} is what CEL sees as {@code subject}: plain maps, lists,
 * strings, booleans and {@code long}s, never null (a missing string is {@code ""}), exactly the facts
 * {@link SubjectFacts} declares for its type.
 *
 * @param type the subject type ({@code ciTask}, {@code role}, ...)
 * @param id the ARN where the resource has one, else the AWS id
 * @param resourceType CloudFormation-style type, e.g. {@code AWS::IAM::Role}
 * @param source the planned file the subject came from, or null
 * @param gaps collection errors that concern this subject alone: its rules are ERROR
 * @param scope why the resource is in the CI scope, in the words users read (also the fact {@code scope})
 * @param regions the regions whose data its facts were built from (its own, and those of another
 *     region's data it reads: an image's registry, a secret named by ARN, the task definitions that use
 *     it); empty when they may come from every region, as for a subject with no region or facts that
 *     gather the whole estate. A failed read in another region cannot change its verdict.
 */
public record Subject(
    String type,
    String id,
    String name,
    String resourceType,
    String region,
    Map<String, Object> fields,
    Source source,
    List<CollectionError> gaps,
    List<String> scope,
    Set<String> regions) {
  @SuppressWarnings("unchecked")
  public Subject {
    fields.forEach((k, v) -> Objects.requireNonNull(v, k));
    fields = (Map<String, Object>) Facts.immutable(fields);
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
    scope = scope == null ? List.of() : List.copyOf(scope);
    regions = regions == null ? EVERY_REGION : Set.copyOf(regions);
  }

  /** {@link #regions} of a subject whose facts may come from every region. */
  public static final Set<String> EVERY_REGION = Set.of();

  /** The regions of data read in {@code regions}; {@link #EVERY_REGION} when one of them is unknown (null). */
  public static Set<String> regionsOf(Collection<String> regions) {
    Set<String> out = new TreeSet<>();
    for (String r : regions) {
      if (r == null || r.isBlank()) return EVERY_REGION;
      out.add(r);
    }
    return out.isEmpty() ? EVERY_REGION : Set.copyOf(out);
  }

  /** Whether its facts may have been built from data of {@code region}. */
  public boolean reads(String region) {
    return regions.isEmpty() || regions.contains(region);
  }
}
