package dev.fargateciaudit.collect;

import dev.fargateciaudit.derive.ImageRef;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.EcrRepository;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * ECR: the private repositories CI images come from, each read in its image host's registry
 * (account and region; the FIPS host {@code ACCOUNT.dkr.ecr-fips.REGION...} serves the same
 * registry), with their repository policies. Names are described 100 per call; because one
 * unknown name fails the whole batch ({@code RepositoryNotFoundException}), such a batch is
 * retried name by name.
 */
public final class EcrCollector implements Collector {
  static final String S = "ecr";

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ecr:DescribeRepositories", "ecr:GetRepositoryPolicy");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsCollector.S);
  }

  private record Registry(String registryId, String region) {}

  /** Repository names of one registry, described in one call. */
  private record Batch(Registry registry, List<String> names) {}

  @Override
  public void collect(Scan scan) {
    Map<Registry, Set<String>> repos = new LinkedHashMap<>();
    for (TaskDefinition td : scan.read(b -> List.copyOf(b.list(TaskDefinition.class)))) {
      for (ContainerDefinition c : td.containers()) {
        // The repository derive judges the image on (EstateIndex.ecrRepository): same parse, same registry.
        ImageRef image = ImageRef.parse(c.image());
        if (!image.kind().equals("ecr")) continue;
        repos.computeIfAbsent(new Registry(image.ecrAccount(), image.ecrRegion()), k -> new LinkedHashSet<>()).add(image.repository());
      }
    }
    List<Batch> batches = new ArrayList<>();
    repos.forEach((registry, names) -> Batches.of(names, 100).forEach(names100 -> batches.add(new Batch(registry, names100))));
    scan.forEach(S, b -> b.registry().region(), batches, b -> describe(scan, b.registry(), b.names()));
  }

  private void describe(Scan scan, Registry registry, List<String> names) {
    EcrClient ecr = scan.clients().ecr(registry.region());
    // A failed batch is read again name by name, and each failure is recorded against its
    // repository's ARN: another account's registry refuses the names its policies do not share with
    // this account (AccessDeniedException), and that is about those repositories, not every image.
    Optional<DescribeRepositoriesResponse> all = names.size() == 1 ? Optional.empty()
        : scan.attempt(S, registry.region(), () -> ecr.describeRepositories(r -> r.registryId(registry.registryId()).repositoryNames(names)));
    List<Repository> found = new ArrayList<>();
    if (all.isPresent()) {
      found.addAll(all.get().repositories());
    } else {
      for (String name : names) {
        String arn = ImageRef.ecrRepositoryArn(scan.partition(), registry.region(), registry.registryId(), name);
        scan.callOrAbsent(S, "DescribeRepositories", registry.region(), arn, Set.of("RepositoryNotFoundException"),
                () -> ecr.describeRepositories(r -> r.registryId(registry.registryId()).repositoryNames(name)))
            .ifPresent(r -> found.addAll(r.repositories()));
      }
    }
    scan.forEach(S, registry.region(), found, repo -> {
      var policy = scan.callOrAbsent(S, "GetRepositoryPolicy", registry.region(), repo.repositoryArn(),
          Set.of("RepositoryPolicyNotFoundException"),
          () -> ecr.getRepositoryPolicy(r -> r.registryId(repo.registryId()).repositoryName(repo.repositoryName())));
      EcrRepository record = new EcrRepository(repo.repositoryArn(), repo.repositoryName(), registry.region(),
          repo.registryId(), repo.repositoryUri(),
          policy.map(p -> PolicyDecoder.parse(scan, S, "GetRepositoryPolicy", registry.region(),
              repo.repositoryArn(), p.policyText())).orElse(null),
          repo.imageScanningConfiguration() != null && Boolean.TRUE.equals(repo.imageScanningConfiguration().scanOnPush()),
          repo.imageTagMutability() == null ? null : repo.imageTagMutabilityAsString(),
          repo.encryptionConfiguration() == null ? null : repo.encryptionConfiguration().encryptionTypeAsString());
      scan.write(b -> b.add(record));
    });
  }
}
