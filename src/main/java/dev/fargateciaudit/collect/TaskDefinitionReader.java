package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Describes the scan's ECS task definitions, each once whoever names it, and starts what each one
 * needs read the moment it is described: its roles ({@link RoleReader}), its EFS file systems
 * ({@link FileSystemReader}) and its Secrets Manager references ({@link SecretReader}).
 *
 * <p>Per region, the names the configs give are described first ({@link ConfiguredTaskDefinitionsCollector}:
 * bare family names, whose answer is the family's latest ACTIVE revision, then the revisions not
 * described by them). A revision named later, by the workloads or by what the runner may start
 * ({@link #describeLater}), waits for those, then is described unless it was: so the revision a
 * bare family name described is not fetched again by {@code family:revision} or ARN.
 */
final class TaskDefinitionReader {
  private final Scan scan;
  /** Per region, done when the configured names are described. */
  private final Map<String, CompletableFuture<Void>> configured = new ConcurrentHashMap<>();
  /** Describes started, by region and key (a family, or {@code family:revision}): true when described. */
  private final Map<String, CompletableFuture<Boolean>> describes = new ConcurrentHashMap<>();
  /** Revisions described, as region and {@code family:revision}. */
  private final Set<String> described = ConcurrentHashMap.newKeySet();
  /** Everything started per region, for {@link #await}. */
  private final Map<String, PendingReads> started = new ConcurrentHashMap<>();

  TaskDefinitionReader(Scan scan) {
    this.scan = scan;
  }

  /** Done when the region's configured names are described ({@link #configuredDone}). */
  private CompletableFuture<Void> configured(String region) {
    return configured.computeIfAbsent(region, r -> new CompletableFuture<>());
  }

  /** The configured names of {@code region} are described: what waits for them may go. */
  void configuredDone(String region) {
    configured(region).complete(null);
  }

  /** True when the revision {@code key} ({@code family:revision}) of {@code region} is described. */
  boolean isDescribed(String region, String key) {
    return described.contains(region + " " + key);
  }

  /**
   * Describes {@code key} (a family or {@code family:revision}) now, unless it was asked for
   * before; an error code in {@code absent} means "not there", no collection error. The future
   * answers whether it was described.
   */
  CompletableFuture<Boolean> describe(String region, String key, Set<String> absent) {
    CompletableFuture<Boolean> f = describes.computeIfAbsent(region + " " + key, k -> CompletableFuture.supplyAsync(
        () -> describeNow(region, key, absent), scan.calls(EcsCollector.S, region)));
    started(region).add(f);
    return f;
  }

  /**
   * After the region's configured names: describes each of {@code refs} (ARNs or keys) not
   * described yet. Returns at once.
   */
  void describeLater(String region, Collection<String> refs) {
    List<String> keys = refs.stream().map(Arns::taskDefinitionKey).distinct().toList();
    if (keys.isEmpty()) return;
    started(region).add(configured(region).thenCompose(v -> CompletableFuture.allOf(keys.stream()
        .filter(k -> !isDescribed(region, k)).map(k -> describe(region, k, Set.of())).toArray(CompletableFuture[]::new))));
  }

  /** Waits for every describe started in {@code region}, those started while waiting included. */
  void await(String region) {
    started(region).await();
  }

  private PendingReads started(String region) {
    return started.computeIfAbsent(region, r -> new PendingReads());
  }

  private boolean describeNow(String region, String ref, Set<String> absent) {
    var answer = scan.callOrAbsent(EcsCollector.S, "DescribeTaskDefinition", region, ref, absent,
        () -> scan.clients().ecs(region).describeTaskDefinition(r -> r.taskDefinition(ref)));
    if (answer.isEmpty()) return false;
    var td = answer.get().taskDefinition();
    if (described.add(region + " " + td.family() + ":" + td.revision())) {
      TaskDefinition record = EcsCollector.taskDefinition(td, region);
      scan.write(b -> b.add(record));
      scan.roleReader().start(IamCollector.roleNames(List.of(record)));
      scan.fileSystems().start(record);
      scan.secrets().start(record);
    }
    return true;
  }
}
