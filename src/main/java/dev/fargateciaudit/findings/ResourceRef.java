package dev.fargateciaudit.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The resource a finding is about: the one whose setting is wrong (the service for its
 * {@code assignPublicIp}, the container for its image, the role for its grant...).
 *
 * @param id the ARN where the resource has one, else the AWS id (sg-..., subnet-...)
 * @param type e.g. {@code AWS::EC2::SecurityGroup}, {@code AWS::ECS::TaskDefinition}
 * @param name a human name (role name, family:revision) when it differs from the id
 * @param scope why the resource is in the CI scope ("used by service renovate in CI cluster
 *     gitlab-ci", "the runner role gitlab-runner may start it (...)"); empty for the account
 */
public record ResourceRef(String id, String type, String name, String account, String region,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> scope) {
  public ResourceRef {
    scope = scope == null ? List.of() : List.copyOf(scope);
  }

  /** A resource with no scope reasons (the account, or a finding read from an older findings.json). */
  public ResourceRef(String id, String type, String name, String account, String region) {
    this(id, type, name, account, region, List.of());
  }
}
