package dev.fargateciaudit.inventory;

import java.util.List;

/**
 * A container definition. {@code environment} holds names and classifications only: the values
 * of plaintext environment variables are never read into memory beyond classification.
 *
 * @param repositoryCredentialsParameter the Secrets Manager ARN of the registry login, if any
 */
public record ContainerDefinition(
    String name,
    String image,
    String repositoryCredentialsParameter,
    List<PortMapping> portMappings,
    List<EnvironmentVariable> environment,
    List<SecretReference> secrets,
    List<MountPoint> mountPoints,
    Boolean privileged,
    Boolean readonlyRootFilesystem,
    Boolean essential,
    String logDriver,
    String user) {
  public ContainerDefinition {
    portMappings = Lists.of(portMappings);
    environment = Lists.of(environment);
    secrets = Lists.of(secrets);
    mountPoints = Lists.of(mountPoints);
  }
}
