package dev.fargateciaudit.derive;

import dev.fargateciaudit.inventory.CollectionError;
import dev.fargateciaudit.inventory.Source;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a rule looks at. {@code fields} is what CEL sees as {@code subject}: plain maps, lists,
 * strings, booleans and {@code long}s, never null (a missing string is {@code ""}).
 *
 * @param type the subject type ({@code ciTask}, {@code role}, ...)
 * @param id the ARN where the resource has one, else the AWS id
 * @param resourceType CloudFormation-style type, e.g. {@code AWS::IAM::Role}
 * @param source the planned file the subject came from, or null
 * @param gaps collection errors that concern this subject alone: its rules are ERROR
 * @param scope why the resource is in the CI scope, in the words users read (also the fact {@code scope})
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
    List<String> scope) {
  @SuppressWarnings("unchecked")
  public Subject {
    fields.forEach((k, v) -> Objects.requireNonNull(v, k));
    fields = (Map<String, Object>) Facts.immutable(fields);
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
    scope = scope == null ? List.of() : List.copyOf(scope);
  }
}
