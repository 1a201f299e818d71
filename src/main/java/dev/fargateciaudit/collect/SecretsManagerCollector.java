package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.SecretMetadata;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Secrets Manager: metadata and resource policy of the secrets CI containers pull their
 * registry login from ({@code repositoryCredentials}). Never the value (no GetSecretValue is
 * declared or called) and never the tags, which teams fill with secrets too.
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

  @Override
  public void collect(Scan scan) {
    Map<String, String> refs = new LinkedHashMap<>();
    for (TaskDefinition td : scan.read(b -> List.copyOf(b.list(TaskDefinition.class)))) {
      for (ContainerDefinition c : td.containers()) {
        String ref = c.repositoryCredentialsParameter();
        if (ref == null) continue;
        String region = Arns.region(ref);
        refs.putIfAbsent(ref, region == null ? td.region() : region);
      }
    }
    scan.forEach(refs.keySet(), ref -> collectSecret(scan, refs.get(ref), ref));
  }

  private void collectSecret(Scan scan, String region, String ref) {
    var sm = scan.clients().secretsManager(region);
    var described = scan.callOrAbsent(S, "DescribeSecret", region, ref, Set.of("ResourceNotFoundException"),
        () -> sm.describeSecret(r -> r.secretId(ref)));
    if (described.isEmpty()) return;
    var d = described.get();
    var policy = scan.callOrAbsent(S, "GetResourcePolicy", region, ref, Set.of("ResourceNotFoundException"),
        () -> sm.getResourcePolicy(r -> r.secretId(ref)));
    SecretMetadata record = new SecretMetadata(d.arn(), d.name(), region, d.kmsKeyId(),
        policy.map(p -> PolicyDecoder.parse(scan, S, "GetResourcePolicy", region, ref, p.resourcePolicy())).orElse(null),
        d.deletedDate() != null);
    scan.write(b -> b.add(record));
  }
}
