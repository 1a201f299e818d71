package dev.fargateciaudit.collect;

import dev.fargateciaudit.derive.SecretLookup;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.SecretMetadata;
import dev.fargateciaudit.inventory.SecretReference;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the Secrets Manager references of task definitions ({@link SecretsManagerCollector} says
 * what and how), each distinct reference once per scan, starting the moment a task definition
 * naming it is described ({@link #start}): DescribeSecret, then, when the secret exists, its
 * resource policy. Every call runs as a Secrets Manager call task of its region ({@link CallLimits}).
 */
final class SecretReader {
  private static final String S = SecretsManagerCollector.S;

  private final Scan scan;
  /**
   * References started, by {@code region + " " + lookup} (ARN, partial ARN or name): ECS resolves a
   * name in the task definition's region, so a name two regions' task definitions use is read in each.
   */
  private final Set<String> refs = ConcurrentHashMap.newKeySet();
  /** Secrets recorded, by ARN: a secret two references name (by ARN and by name) is recorded once. */
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();
  private final PendingReads started = new PendingReads();

  SecretReader(Scan scan) {
    this.scan = scan;
  }

  /** Starts reading the references of {@code td} that no one asked for yet, and returns at once. */
  void start(TaskDefinition td) {
    for (ContainerDefinition c : td.containers()) {
      String cred = c.repositoryCredentialsParameter();
      if (cred != null && !cred.isBlank()) start(SecretLookup.ofRepositoryCredentials(cred, td.region()));
      for (SecretReference s : c.secrets()) {
        if (s.valueFrom() == null || s.valueFrom().isBlank()) continue;
        SecretLookup lookup = SecretLookup.ofValueFrom(s.valueFrom(), td.region());
        if (!lookup.parameterStore()) start(lookup);
      }
    }
  }

  /** Waits for every read started, those started while waiting included. */
  void await() {
    started.await();
  }

  private void start(SecretLookup lookup) {
    String region = lookup.region();
    if (region == null || !refs.add(region + " " + lookup.lookup())) return;
    started.add(CompletableFuture.runAsync(() -> read(region, lookup.lookup()), scan.calls(S, region)));
  }

  private void read(String region, String ref) {
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
