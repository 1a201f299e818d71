package dev.fargateciaudit.derive;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The subject types rules can name, with the AWS services whose data each is built from. A failed
 * read of one of those services makes every rule on the type ERROR (a rule may narrow this with
 * {@code needs:}); with no service failing, the type's subjects are complete.
 */
public enum SubjectType {
  CI_TASK("ciTask", "AWS::ECS::TaskDefinition", Set.of("ecs", "ec2")),
  CI_SUBNET("ciSubnet", "AWS::EC2::Subnet", Set.of("ec2", "ecs")),
  SECURITY_GROUP("securityGroup", "AWS::EC2::SecurityGroup", Set.of("ec2", "ecs", "efs")),
  CONTAINER_IMAGE("containerImage", "AWS::ECS::TaskDefinition.Container", Set.of("ecs", "ecr", "secretsmanager")),
  ROLE("role", "AWS::IAM::Role", Set.of("iam", "ecs")),
  FILE_SYSTEM("fileSystem", "AWS::EFS::FileSystem", Set.of("efs", "ecs", "ec2")),
  SECRET("secret", "AWS::SecretsManager::Secret", Set.of("secretsmanager", "ecs")),
  ECR_REPOSITORY("ecrRepository", "AWS::ECR::Repository", Set.of("ecr", "ecs")),
  RUNNER_CONFIG("runnerConfig", "GitLab::Runner::FargateConfig", Set.of("ec2", "ecs"));

  private final String label;
  private final String resourceType;
  private final Set<String> services;

  SubjectType(String label, String resourceType, Set<String> services) {
    this.label = label;
    this.resourceType = resourceType;
    this.services = services;
  }

  public String label() { return label; }
  public String resourceType() { return resourceType; }
  /** AWS service names as {@code CollectionError.service()} spells them. */
  public Set<String> services() { return services; }

  public static Optional<SubjectType> of(String label) {
    return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(SubjectType::label).toList();
  }
}
