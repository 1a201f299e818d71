package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.ImagesConfig;
import dev.fargateciaudit.findings.Finding;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryJson;
import dev.fargateciaudit.rules.Evaluation;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An ECR image is pulled from the repository of its registry host's account and region
 * ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME}): a repository of the same name in another
 * region, or in this account when the image is another account's, is a different resource, with its
 * own policy and settings; it is neither judged for the image nor brought into the CI scope.
 */
class EcrInTheirRegistryTest {
  private static final String ACCOUNT = "123456789012";
  private static final String OTHER = "999999999999";
  private static final String EU = "eu-west-2";
  private static final String US = "us-east-1";
  private static final String PUBLIC_POLICY = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}""";

  private static String repoArn(String account, String region) {
    return "arn:aws:ecr:" + region + ":" + account + ":repository/ci-image";
  }

  private static String image(String account, String region) {
    return account + ".dkr.ecr." + region + ".amazonaws.com/ci-image:1.4.2";
  }

  private static String td(String region) {
    return "arn:aws:ecs:" + region + ":" + ACCOUNT + ":task-definition/gitlab-ci-build:1";
  }

  /** gitlab-ci-build:1 of {@code region}, one container {@code build} running {@code image}. */
  private static String taskDefinition(String region, String image) {
    return """
        {"arn": "%s", "family": "gitlab-ci-build", "revision": 1, "region": "%s", "status": "ACTIVE",
         "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
         "containers": [{"name": "build", "image": "%s"}]}""".formatted(td(region), region, image);
  }

  /** Repository {@code ci-image} of {@code account}'s registry in {@code region}, scanned, with immutable tags. */
  private static String repository(String account, String region, String policy) {
    return """
        {"arn": "%s", "name": "ci-image", "region": "%s", "registryId": "%s", "uri": "%s",
         "scanOnPush": true, "imageTagMutability": "IMMUTABLE", "encryptionType": "AES256"%s}"""
        .formatted(repoArn(account, region), region, account, account + ".dkr.ecr." + region + ".amazonaws.com/ci-image",
            policy == null ? "" : ", \"policy\": " + policy);
  }

  private static Inventory estate(List<String> taskDefinitions, List<String> repositories, String... collectionErrors) {
    String json = """
        {"schemaVersion": 1, "meta": {"accountId": "%s", "regions": ["%s", "%s"], "collectionMillis": 0},
         "taskDefinitions": [%s], "ecrRepositories": [%s], "collectionErrors": [%s]}"""
        .formatted(ACCOUNT, EU, US, String.join(",", taskDefinitions), String.join(",", repositories),
            String.join(",", collectionErrors));
    return InventoryJson.read("estate.json", json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * DescribeRepositories of {@code ci-image} in {@code region}'s registry, refused with
   * AccessDeniedException, recorded as snapshots of earlier versions did: by the name alone.
   */
  private static String describeDenied(String region, String message) {
    return describeDenied(region, message, "ci-image");
  }

  private static String describeDenied(String region, String message, String resource) {
    return """
        {"service": "ecr", "operation": "DescribeRepositories", "region": "%s", "errorCode": "AccessDeniedException",
         "message": "%s", "resource": "%s"}""".formatted(region, message, resource);
  }

  /**
   * The collector records a refused read against the repository's ARN: the shared registry's
   * {@code ci-image} is ERROR on itself, and this account's {@code ci-image} of the same region, and
   * the container pulling from it, keep their verdicts.
   */
  @Test
  void aRefusedReadRecordedAgainstTheSharedRepositorysArnLeavesOurSameNamedRepositoryAlone() {
    Inventory inv = estate(List.of(taskDefinition(EU, image(ACCOUNT, EU)), taskDefinition(US, image(OTHER, EU))),
        List.of(repository(ACCOUNT, EU, null)),
        describeDenied(EU, "no resource-based policy allows the ecr:DescribeRepositories action", repoArn(OTHER, EU)));

    assertThat(findings(inv, "FCA-IMAGES-001", "FCA-IMAGES-005")).containsExactlyInAnyOrder(
        "FCA-IMAGES-001 PASS " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-001 FAIL " + US + " " + td(US) + "#build",
        "FCA-IMAGES-005 PASS " + EU + " " + repoArn(ACCOUNT, EU),
        "FCA-IMAGES-005 ERROR " + EU + " " + repoArn(OTHER, EU));
  }

  private static final AuditConfig CONFIG = SecretsInTheirRegionTest.CONFIG;

  private static List<String> findings(Inventory inv, String... rules) {
    return SecretsInTheirRegionTest.findings(inv, rules);
  }

  /** The container of {@code region}'s task definition: its facts on the image's repository, as "key value". */
  private static List<String> repositoryFacts(Inventory inv, String region) {
    Map<String, Object> f = CiScopeTest.byId(Derivation.derive(inv, CONFIG), SubjectType.CONTAINER).get(td(region) + "#build").fields();
    return List.of("ecrSameAccount " + f.get("ecrSameAccount"), "ecrRepositoryExists " + f.get("ecrRepositoryExists"),
        "ecrRepositoryPublic " + f.get("ecrRepositoryPublic"), "private " + f.get("private"));
  }

  @Test
  void aRepositoryNamedAlikeInTwoRegionsIsJudgedOnTheOneOfEachImagesRegion() {
    // The private one first: a lookup by name alone would judge both images on it.
    Inventory inv = estate(List.of(taskDefinition(EU, image(ACCOUNT, EU)), taskDefinition(US, image(ACCOUNT, US))),
        List.of(repository(ACCOUNT, US, null), repository(ACCOUNT, EU, PUBLIC_POLICY)));

    assertThat(CiScopeTest.byId(Derivation.derive(inv, CONFIG), SubjectType.ECR_REPOSITORY))
        .containsOnlyKeys(repoArn(ACCOUNT, EU), repoArn(ACCOUNT, US));
    assertThat(repositoryFacts(inv, EU)).containsExactly("ecrSameAccount true", "ecrRepositoryExists true",
        "ecrRepositoryPublic true", "private true");
    assertThat(repositoryFacts(inv, US)).containsExactly("ecrSameAccount true", "ecrRepositoryExists true",
        "ecrRepositoryPublic false", "private true");
    assertThat(findings(inv, "FCA-IMAGES-001", "FCA-IMAGES-005")).containsExactlyInAnyOrder(
        "FCA-IMAGES-001 PASS " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-001 PASS " + US + " " + td(US) + "#build",
        "FCA-IMAGES-005 FAIL " + EU + " " + repoArn(ACCOUNT, EU),
        "FCA-IMAGES-005 PASS " + US + " " + repoArn(ACCOUNT, US));
  }

  /**
   * The image's registry decides, not the task definition's region: a task definition of eu-west-2
   * pulling from us-east-1's registry is judged on us-east-1's repository, and the same-named public
   * repository of eu-west-2, which no CI image comes from, is not in scope.
   */
  @Test
  void aRepositoryOfAnotherRegionIsNotPulledIntoTheScope() {
    Inventory inv = estate(List.of(taskDefinition(EU, image(ACCOUNT, US))),
        List.of(repository(ACCOUNT, EU, PUBLIC_POLICY), repository(ACCOUNT, US, null)));

    assertThat(repositoryFacts(inv, EU)).containsExactly("ecrSameAccount true", "ecrRepositoryExists true",
        "ecrRepositoryPublic false", "private true");
    assertThat(findings(inv, "FCA-IMAGES-001", "FCA-IMAGES-005", "FCA-IMAGES-007")).containsExactlyInAnyOrder(
        "FCA-IMAGES-001 PASS " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-005 PASS " + US + " " + repoArn(ACCOUNT, US),
        "FCA-IMAGES-007 PASS " + US + " " + repoArn(ACCOUNT, US));
  }

  /** An image whose repository exists only in another region of the account is from a repository that does not exist. */
  @Test
  void anImageWhoseRepositoryIsOnlyInAnotherRegionIsFromAMissingRepository() {
    Inventory inv = estate(List.of(taskDefinition(EU, image(ACCOUNT, EU))), List.of(repository(ACCOUNT, US, null)));

    assertThat(repositoryFacts(inv, EU)).containsExactly("ecrSameAccount true", "ecrRepositoryExists false",
        "ecrRepositoryPublic false", "private false");
    assertThat(findings(inv, "FCA-IMAGES-001", "FCA-IMAGES-005")).containsExactlyInAnyOrder(
        "FCA-IMAGES-001 FAIL " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-005 NOT_APPLICABLE null " + ACCOUNT);
    assertThat(Evaluation.run(inv, CONFIG, List.of(), null, LocalDate.of(2026, 6, 1)).findings().stream()
            .filter(f -> f.ruleId().equals("FCA-IMAGES-001")).map(Finding::message))
        .containsExactly("container build of gitlab-ci-build:1 runs image " + image(ACCOUNT, EU)
            + " from ECR repository ci-image, which does not exist in registry " + ACCOUNT + ".dkr.ecr." + EU + ".amazonaws.com");
  }

  /**
   * Another account's image is from another account's registry (FCA-IMAGES-001 fails on that, as
   * before), whatever this account holds under the same name: this account's public repository is
   * neither its repository nor in scope.
   */
  @Test
  void anotherAccountsImageIsNotJudgedOnThisAccountsRepositoryOfTheSameName() {
    Inventory inv = estate(List.of(taskDefinition(EU, image(OTHER, EU))), List.of(repository(ACCOUNT, EU, PUBLIC_POLICY)));

    assertThat(repositoryFacts(inv, EU)).containsExactly("ecrSameAccount false", "ecrRepositoryExists false",
        "ecrRepositoryPublic false", "private false");
    assertThat(findings(inv, "FCA-IMAGES-001", "FCA-IMAGES-005")).containsExactlyInAnyOrder(
        "FCA-IMAGES-001 FAIL " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-005 NOT_APPLICABLE null " + ACCOUNT);
  }

  /**
   * When the other account's repository could be read (its policy lets this account describe it),
   * the image is judged on that repository, its own policy and settings: it is where CI's image
   * comes from. The image is still another account's (FCA-IMAGES-001 fails).
   */
  @Test
  void anotherAccountsRepositoryThatCouldBeReadIsJudgedAsItself() {
    Inventory inv = estate(List.of(taskDefinition(EU, image(OTHER, EU))),
        List.of(repository(ACCOUNT, EU, null), repository(OTHER, EU, PUBLIC_POLICY)));

    assertThat(repositoryFacts(inv, EU)).containsExactly("ecrSameAccount false", "ecrRepositoryExists true",
        "ecrRepositoryPublic true", "private false");
    assertThat(findings(inv, "FCA-IMAGES-001", "FCA-IMAGES-005")).containsExactlyInAnyOrder(
        "FCA-IMAGES-001 FAIL " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-005 FAIL " + EU + " " + repoArn(OTHER, EU));
  }

  /**
   * An image of the organisation's shared ECR account is private ECR when the team lists that
   * registry in images.allowedRegistries; listing other
   * registries vouches for nothing, and an unlisted account's image still fails.
   */
  @Test
  void anotherAccountsRegistryTheTeamListsIsPrivate() {
    Inventory inv = estate(List.of(taskDefinition(EU, image(OTHER, EU))), List.of());
    String registry = OTHER + ".dkr.ecr." + EU + ".amazonaws.com";

    assertThat(imageFindings(inv, registry)).containsExactly("FCA-IMAGES-001 PASS " + EU + " " + td(EU) + "#build");
    assertThat(imageFindings(inv, registry + "/other-image", "docker.io/my-org", ACCOUNT + ".dkr.ecr." + EU + ".amazonaws.com"))
        .containsExactly("FCA-IMAGES-001 FAIL " + EU + " " + td(EU) + "#build");
  }

  /**
   * A shared account's repository policy that lets this account pull grants it no
   * {@code ecr:DescribeRepositories} (AccessDeniedException "because no resource-based policy
   * allows the ecr:DescribeRepositories action"): the repository's own rules are ERROR on it, as
   * whether it is shared with everyone is unknown, and the container, whose settings were read,
   * keeps its verdicts.
   */
  @Test
  void anotherAccountsRepositoryThatCouldNotBeReadIsErrorOnItselfNotOnTheContainer() {
    Inventory inv = estate(List.of(taskDefinition(EU, image(OTHER, EU))), List.of(),
        describeDenied(EU, "no resource-based policy allows the ecr:DescribeRepositories action"));
    String registry = OTHER + ".dkr.ecr." + EU + ".amazonaws.com";

    assertThat(imageFindings(inv, List.of("FCA-IMAGES-001", "FCA-IMAGES-004", "FCA-IMAGES-005", "FCA-IMAGES-007"), registry))
        .containsExactlyInAnyOrder(
            "FCA-IMAGES-001 PASS " + EU + " " + td(EU) + "#build",
            "FCA-IMAGES-004 PASS " + EU + " " + td(EU) + "#build",
            "FCA-IMAGES-005 ERROR " + EU + " " + repoArn(OTHER, EU),
            "FCA-IMAGES-007 ERROR " + EU + " " + repoArn(OTHER, EU));
    assertThat(imageFindings(inv, List.of("FCA-IMAGES-001"))).containsExactly("FCA-IMAGES-001 FAIL " + EU + " " + td(EU) + "#build");
  }

  /** FCA-IMAGES-001's findings on {@code inv} when audit.yml lists {@code allowedRegistries}. */
  private static List<String> imageFindings(Inventory inv, String... allowedRegistries) {
    return imageFindings(inv, List.of("FCA-IMAGES-001"), allowedRegistries);
  }

  /** The findings of {@code rules} on {@code inv} when audit.yml lists {@code allowedRegistries}, as "RULE STATUS region resource". */
  private static List<String> imageFindings(Inventory inv, List<String> rules, String... allowedRegistries) {
    AuditConfig config = new AuditConfig(CONFIG.regions(), null, CONFIG.ci(), null, new ImagesConfig(List.of(allowedRegistries)));
    return Evaluation.run(inv, config, List.of(), null, LocalDate.of(2026, 6, 1)).findings().stream()
        .filter(f -> rules.contains(f.ruleId()))
        .map(f -> f.ruleId() + " " + f.status() + " " + f.resource().region() + " " + f.resource().id()).toList();
  }

  /** A record that gives only its ARN and name (a hand-written snapshot) is of the ARN's account and region. */
  @Test
  void aRepositoryRecordWithoutRegistryOrRegionIsOfItsArnsAccountAndRegion() {
    String bare = """
        {"arn": "%s", "name": "ci-image", "scanOnPush": true, "policy": %s}""";
    Inventory inv = estate(List.of(taskDefinition(EU, image(ACCOUNT, EU)), taskDefinition(US, image(ACCOUNT, US))),
        List.of(bare.formatted(repoArn(ACCOUNT, US), "null"), bare.formatted(repoArn(ACCOUNT, EU), PUBLIC_POLICY)));

    assertThat(findings(inv, "FCA-IMAGES-001", "FCA-IMAGES-005")).containsExactlyInAnyOrder(
        "FCA-IMAGES-001 PASS " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-001 PASS " + US + " " + td(US) + "#build",
        "FCA-IMAGES-005 FAIL null " + repoArn(ACCOUNT, EU),
        "FCA-IMAGES-005 PASS null " + repoArn(ACCOUNT, US));
  }

  /**
   * A read of the name that failed in one region's registry makes the image of that registry ERROR,
   * and leaves the image of the other region's registry, whose repository was read, to its verdicts.
   */
  @Test
  void aRepositoryThatCouldNotBeReadInOneRegionIsErrorThereOnly() {
    Inventory inv = estate(List.of(taskDefinition(EU, image(ACCOUNT, EU)), taskDefinition(US, image(ACCOUNT, US))),
        List.of(repository(ACCOUNT, EU, null)), describeDenied(US, "not authorized"));

    assertThat(findings(inv, "FCA-IMAGES-001", "FCA-IMAGES-005")).containsExactlyInAnyOrder(
        "FCA-IMAGES-001 PASS " + EU + " " + td(EU) + "#build",
        "FCA-IMAGES-001 ERROR " + US + " " + td(US) + "#build",
        "FCA-IMAGES-005 PASS " + EU + " " + repoArn(ACCOUNT, EU));
  }
}
