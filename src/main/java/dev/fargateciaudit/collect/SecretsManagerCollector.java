package dev.fargateciaudit.collect;

import dev.fargateciaudit.derive.SecretLookup;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.SecretMetadata;
import dev.fargateciaudit.inventory.SecretReference;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Secrets Manager: metadata and resource policy of the secrets CI containers reference, in
 * {@code repositoryCredentials} (the registry login) and in {@code secrets[].valueFrom}, looked
 * up as ECS looks them up ({@link SecretLookup}: full ARN, partial ARN or name; a JSON key,
 * version stage or version id after the ARN is dropped). Never the value (no GetSecretValue is
 * declared or called) and never the tags, which teams fill with secrets too. A secret scheduled
 * for deletion is still described, with its deletion date: it is recorded as deleted.
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
        String cred = c.repositoryCredentialsParameter();
        if (cred != null && !cred.isBlank()) add(refs, SecretLookup.ofRepositoryCredentials(cred, td.region()));
        for (SecretReference s : c.secrets()) {
          if (s.valueFrom() == null || s.valueFrom().isBlank()) continue;
          SecretLookup lookup = SecretLookup.ofValueFrom(s.valueFrom(), td.region());
          if (!lookup.parameterStore()) add(refs, lookup);
        }
      }
    }
    Set<String> recorded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    scan.forEach(S, refs::get, refs.keySet(), ref -> collectSecret(scan, refs.get(ref), ref, recorded));
  }

  private static void add(Map<String, String> refs, SecretLookup lookup) {
    if (lookup.region() != null) refs.putIfAbsent(lookup.lookup(), lookup.region());
  }

  /** Describes one reference; a secret two references name (by ARN and by name) is recorded once ({@code recorded}, by ARN). */
  private void collectSecret(Scan scan, String region, String ref, Set<String> recorded) {
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
    if (recorded.add(record.arn())) scan.write(b -> b.add(record));
  }
}
