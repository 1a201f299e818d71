package dev.fargateciaudit.derive.iam;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * AWS managed policies that AWS itself documents for the kinds of role the CI estate has: their
 * broad grants are AWS's baseline for that role, reported as advice with the actions named rather
 * than failed as a customer's over-grant. On a role of a kind AWS does not document them for, or
 * when a customer policy grants the same actions, they are judged as usual.
 */
public final class BaselinePolicies {
  private BaselinePolicies() {}

  /**
   * @param name the policy's name, as in {@code arn:aws:iam::aws:policy/[path]NAME}
   * @param path the policy's path in its ARN
   * @param roleKinds the role kinds ({@code execution}, {@code task}, {@code runner}) it is documented for
   * @param documentedFor those kinds as the reader knows them
   * @param reference the AWS page that documents it for them
   */
  public record Baseline(String name, String path, Set<String> roleKinds, String documentedFor, String reference) {}

  static final List<Baseline> ALL = List.of(
      new Baseline("AmazonECSTaskExecutionRolePolicy", "service-role/", Set.of("execution"), "the ECS task execution role",
          "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html"),
      new Baseline("AmazonSSMManagedInstanceCore", "", Set.of("runner"), "an EC2 instance's role, for Systems Manager",
          "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-instance-permissions.html"),
      new Baseline("CloudWatchAgentServerPolicy", "", Set.of("runner"), "an EC2 instance's role, for the CloudWatch agent",
          "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/create-iam-roles-for-cloudwatch-agent.html"));

  /**
   * The baseline {@code policyArn} is, when it is an AWS managed policy documented for every one of
   * {@code roleKinds} (a role that is both an execution and a task role is not an execution role
   * only: its task side is judged as usual).
   */
  public static Optional<Baseline> documentedFor(String policyArn, boolean awsManaged, Set<String> roleKinds) {
    if (!awsManaged || policyArn == null || roleKinds.isEmpty()) return Optional.empty();
    for (Baseline b : ALL) {
      if (isArnOf(policyArn, b) && b.roleKinds().containsAll(roleKinds)) return Optional.of(b);
    }
    return Optional.empty();
  }

  /** True for {@code arn:PARTITION:iam::aws:policy/PATH NAME} in any partition. */
  private static boolean isArnOf(String arn, Baseline b) {
    if (!arn.startsWith("arn:")) return false;
    int colon = arn.indexOf(':', 4);
    return colon > 4 && arn.substring(colon).equals(":iam::aws:policy/" + b.path() + b.name());
  }
}
