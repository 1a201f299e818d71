package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.List;
import java.util.Set;

/**
 * Secrets Manager: metadata and resource policy of the secrets CI containers reference, in
 * {@code repositoryCredentials} (the registry login) and in {@code secrets[].valueFrom}, looked
 * up as ECS looks them up ({@link dev.fargateciaudit.derive.SecretLookup}: full ARN, partial ARN or name; a JSON key,
 * version stage or version id after the ARN is dropped). Never the value (no GetSecretValue is
 * declared or called) and never the tags, which teams fill with secrets too. A secret scheduled
 * for deletion is still described, with its deletion date: it is recorded as deleted. Each
 * reference is read as soon as a task definition naming it is described ({@link SecretReader}).
 */
public final class SecretsManagerCollector implements Collector {
  static final String S = "secretsmanager";

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsCollector.S);
  }

  /**
   * Reads the references of every task definition, those the task definitions' reader started as
   * it described them included, and waits for them.
   */
  @Override
  public void collect(Scan scan) {
    SecretReader reader = scan.secrets();
    scan.read(b -> List.copyOf(b.list(TaskDefinition.class))).forEach(reader::start);
    reader.await();
  }
}
