package dev.fargateciaudit.corpus;

/**
 * The resource a finding must name, by the finding-attribution contract of issue #28: the
 * resource whose setting is wrong, with its id and CloudFormation-style type.
 */
record Resource(String id, String type) {
  /** A service's {@code assignPublicIp}. */
  static Resource service(String arn) {
    return new Resource(arn, "AWS::ECS::Service");
  }

  /** A running task whose network interface has a public IP. */
  static Resource task(String arn) {
    return new Resource(arn, "AWS::ECS::Task");
  }

  /** A subnet's auto-assign public IP, default route, NAT or IPv6 route. */
  static Resource subnet(String id) {
    return new Resource(id, "AWS::EC2::Subnet");
  }

  /** An inbound rule of a security group. */
  static Resource securityGroup(String id) {
    return new Resource(id, "AWS::EC2::SecurityGroup");
  }

  /** An IAM grant, trust policy or managed policy of a role. */
  static Resource role(String arn) {
    return new Resource(arn, "AWS::IAM::Role");
  }

  /** A Secrets Manager reference: the secret's ARN when it resolves, else the reference as written. */
  static Resource secret(String arnOrReference) {
    return new Resource(arnOrReference, "AWS::SecretsManager::Secret");
  }

  /** A Parameter Store reference: the parameter's ARN when it resolves, else the reference as written. */
  static Resource parameter(String arnOrReference) {
    return new Resource(arnOrReference, "AWS::SSM::Parameter");
  }

  /** A container setting: its image, registry credentials or plaintext environment. */
  static Resource container(String taskDefinitionArn, String name) {
    return new Resource(taskDefinitionArn + "#" + name, "AWS::ECS::TaskDefinition.Container");
  }

  /** A task-definition setting: EFS transit encryption, network mode, roles. */
  static Resource taskDefinition(String arn) {
    return new Resource(arn, "AWS::ECS::TaskDefinition");
  }

  static Resource fileSystem(String arn) {
    return new Resource(arn, "AWS::EFS::FileSystem");
  }

  static Resource repository(String arn) {
    return new Resource(arn, "AWS::ECR::Repository");
  }

  /** The runner's {@code fargate.toml}, by its path relative to the config file. */
  static Resource runnerConfig(String path) {
    return new Resource(path, "GitLab::Runner::FargateConfig");
  }

  @Override
  public String toString() {
    return id + " (" + type + ")";
  }
}
