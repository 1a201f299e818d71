package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.RunnerConfig;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * ECS task definitions the configs name, first (they need nothing another collector finds): the
 * runner config's {@code TaskDefinition} and the families matching {@code ci.taskDefinitionFamilies}
 * (their latest ACTIVE revision, or every ACTIVE one with {@code --all-revisions}). The runner
 * config's is described at once, beside ListTaskDefinitionFamilies; the families listed then,
 * bare family names before revisions ({@link TaskDefinitionReader}).
 *
 * <p>When the runner config names {@code family:revision} of a family the globs match, the bare
 * family is described at once instead: the listing will name that family (it has an ACTIVE revision
 * whenever the runner can start it), and its latest revision is usually the runner's, which is then
 * not fetched again. A family with no ACTIVE revision answers ClientException, which here is no
 * error: the revision is then described by itself, one call more than waiting for the listing.
 */
public final class ConfiguredTaskDefinitionsCollector implements Collector {
  static final String NAME = "ecs-configured";
  /** What DescribeTaskDefinition answers for a family with no ACTIVE revision. */
  private static final Set<String> NO_ACTIVE_REVISION = Set.of("ClientException");

  @Override
  public String service() {
    return NAME;
  }

  @Override
  public List<String> services() {
    return List.of(EcsCollector.S);
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ecs:ListTaskDefinitionFamilies", "ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition");
  }

  @Override
  public void collect(Scan scan) {
    scan.forEachRegion(region -> {
      try {
        collectRegion(scan, region);
      } finally {
        scan.taskDefinitions().configuredDone(region);
      }
    });
  }

  private void collectRegion(Scan scan, String region) {
    TaskDefinitionReader reader = scan.taskDefinitions();
    RunnerConfig runner = scan.runner();
    List<PathMatcher> globs = scan.config().ci().taskDefinitionFamilies().stream()
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    boolean latestOfFamilies = !globs.isEmpty() && !scan.options().allRevisions();
    String runnerRef = EcsClusterCollector.runnerHere(scan, region) && runner.taskDefinition() != null
        ? Arns.taskDefinitionKey(runner.taskDefinition()) : null;
    String runnerFamily = runnerRef == null ? null : runnerRef.contains(":") ? runnerRef.substring(0, runnerRef.lastIndexOf(':')) : runnerRef;

    List<CompletableFuture<Boolean>> bare = new ArrayList<>();
    List<CompletableFuture<Boolean>> revisionsRead = new ArrayList<>();
    CompletableFuture<Boolean> speculative = null;
    if (runnerRef != null && runnerRef.equals(runnerFamily)) {
      bare.add(reader.describe(region, runnerRef, Set.of()));
    } else if (runnerRef != null && latestOfFamilies && matches(globs, runnerFamily)) {
      speculative = reader.describe(region, runnerFamily, NO_ACTIVE_REVISION);
      bare.add(speculative);
    } else if (runnerRef != null) {
      revisionsRead.add(reader.describe(region, runnerRef, Set.of()));
    }

    Set<String> families = new LinkedHashSet<>();
    Set<String> revisions = new LinkedHashSet<>();
    if (!globs.isEmpty()) listFamilies(scan, scan.clients().ecs(region), region, globs, families, revisions);
    for (String family : families) bare.add(reader.describe(region, family, Set.of()));
    bare.forEach(CompletableFuture::join);
    if (speculative != null && families.contains(runnerFamily) && !speculative.join()) {
      scan.recordError(EcsCollector.S, "DescribeTaskDefinition", region, runnerFamily, "ClientException",
          "ListTaskDefinitionFamilies names the family as ACTIVE but describing its latest revision failed");
    }
    if (runnerRef != null && !runnerRef.equals(runnerFamily)) revisions.add(runnerRef);
    for (String key : revisions) {
      if (!reader.isDescribed(region, key)) revisionsRead.add(reader.describe(region, key, Set.of()));
    }
    revisionsRead.forEach(CompletableFuture::join);
  }

  private static boolean matches(List<PathMatcher> globs, String family) {
    return globs.stream().anyMatch(m -> m.matches(Path.of(family)));
  }

  /**
   * The families matching {@code ci.taskDefinitionFamilies} (ListTaskDefinitionFamilies), into
   * {@code families} (their latest ACTIVE revision), or with {@code --all-revisions} their ACTIVE
   * revisions into {@code revisions} (a ListTaskDefinitions per family).
   */
  private static void listFamilies(Scan scan, EcsClient ecs, String region, List<PathMatcher> globs, Set<String> families,
      Set<String> revisions) {
    List<String> matched = new ArrayList<>();
    scan.pages(EcsCollector.S, "ListTaskDefinitionFamilies", region, null,
        () -> ecs.listTaskDefinitionFamiliesPaginator(r -> r.status(TaskDefinitionFamilyStatus.ACTIVE).maxResults(100)),
        p -> p.families().stream().filter(f -> matches(globs, f)).forEach(matched::add));
    if (!scan.options().allRevisions()) {
      families.addAll(matched);
      return;
    }
    scan.forEach(EcsCollector.S, region, matched, family -> {
      List<String> found = new ArrayList<>();
      scan.pages(EcsCollector.S, "ListTaskDefinitions", region, family,
          () -> ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE).maxResults(100)),
          p -> p.taskDefinitionArns().stream().map(Arns::taskDefinitionKey)
              .filter(k -> k.substring(0, k.lastIndexOf(':')).equals(family)).forEach(found::add));
      synchronized (revisions) {
        revisions.addAll(found);
      }
    });
  }
}
