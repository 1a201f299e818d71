package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An IAM role with every policy that grants it permissions, documents included (decoded JSON).
 *
 * @param source set when the role's policies come (partly) from planned files
 */
public record IamRole(
    String arn,
    String name,
    String path,
    JsonNode assumeRolePolicy,
    List<AttachedPolicy> attachedPolicies,
    List<InlinePolicy> inlinePolicies,
    String permissionsBoundaryArn,
    Source source) {
  public IamRole {
    attachedPolicies = Lists.of(attachedPolicies);
    inlinePolicies = Lists.of(inlinePolicies);
  }
}
