package dev.fargateciaudit.derive;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The subject types rules can name, with the AWS services whose data each is built from. A failed
 * read of one of those services makes every rule on the type ERROR on the subjects that may hold
 * data of the failed read's region ({@link Subject#regions}; a rule may narrow the services with
 * {@code needs:}); with no service failing, the type's subjects are complete.
 *
 * <p>A subject is the resource whose setting a rule judges, so a finding names the thing to fix:
 * the service for its {@code assignPublicIp}, the running task for its public IP, the container
 * for its image and environment, the secret or parameter a reference names.
 */
public enum SubjectType {
  CI_TASK("ciTask", "AWS::ECS::TaskDefinition", Set.of("ecs", "ec2")),
  ECS_SERVICE("ecsService", "AWS::ECS::Service", Set.of("ecs")),
  ECS_TASK("ecsTask", "AWS::ECS::Task", Set.of("ecs", "ec2")),
  CONTAINER("container", "AWS::ECS::TaskDefinition.Container", Set.of("ecs", "ecr", "secretsmanager")),
  CI_SUBNET("ciSubnet", "AWS::EC2::Subnet", Set.of("ec2", "ecs")),
  SECURITY_GROUP("securityGroup", "AWS::EC2::SecurityGroup", Set.of("ec2", "ecs", "efs")),
  ROLE("role", "AWS::IAM::Role", Set.of("iam", "ecs")),
  FILE_SYSTEM("fileSystem", "AWS::EFS::FileSystem", Set.of("efs", "ecs", "ec2")),
  /** A Secrets Manager secret or a Parameter Store parameter: the resource type of each subject says which. */
  SECRET("secret", "AWS::SecretsManager::Secret", Set.of("secretsmanager", "ssm", "ecs")),
  ECR_REPOSITORY("ecrRepository", "AWS::ECR::Repository", Set.of("ecr", "ecs")),
  RUNNER_CONFIG("runnerConfig", "GitLab::Runner::FargateConfig", Set.of("ec2", "ecs"));

  /** Former names still accepted in rule files: {@code containerImage} became {@code container}. */
  private static final Map<String, SubjectType> RENAMED = Map.of("containerImage", CONTAINER);

  /** The resource type of a {@link #SECRET} subject that is a Parameter Store parameter. */
  public static final String SSM_PARAMETER = "AWS::SSM::Parameter";

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

  /** The type named {@code label}, or by a former name of it. */
  public static Optional<SubjectType> of(String label) {
    return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst()
        .or(() -> Optional.ofNullable(RENAMED.get(label)));
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(SubjectType::label).toList();
  }

  /** Every name a rule file may give, current and former. */
  public static List<String> acceptedLabels() {
    List<String> all = new java.util.ArrayList<>(labels());
    all.addAll(new java.util.TreeSet<>(RENAMED.keySet()));
    return List.copyOf(all);
  }
}
