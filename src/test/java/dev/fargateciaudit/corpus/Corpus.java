package dev.fargateciaudit.corpus;

import java.util.List;

/** Every estate of the corpus, correct ones first; fresh instances, since an estate holds the ids it built. */
final class Corpus {
  private Corpus() {}

  static List<CorpusEstate> estates() {
    return List.of(
        new ParameterStoreTwoZones(),
        new SecretsManagerOrgSharedEcr(),
        new DataPerimeterPolicies(),
        new ServicePrincipalsPinned(),
        new SharedEfsGroupSessionManager(),
        new OrdinaryCiVariables(),
        new NfsFromCiSubnets(),
        new MinimalConfig(),
        new GovTechTerragruntRunners(),
        new FtsoKanikoFargateRunners(),
        new EcsGithubRunnersModule(),
        new PublicServiceOutsideTheFamilies(),
        new AdminFamilyTheRunnerMayStart(),
        new MissingParameterDeletedSecret(),
        new PlaintextGitlabToken(),
        new OldRevisionStillActive(),
        new NfsOpenToTheWorld(),
        new InternetGatewayRouteInNewCiSubnet(),
        new ConditionsThatDoNotNarrow(),
        new NamesAnyAccountCanTake(),
        new ServicePrincipalsForAnyAccount(),
        new PublicIpWorkaround(),
        new CdkFargateRunnerSample(),
        new PahudCdkGitlabFargateRunner(),
        new GitlabDocsFargateWalkthrough(false),
        new GitlabDocsFargateWalkthrough(true),
        new PanelAppTerraformRunner(),
        new EphemeralEcsRunnerModule(),
        new CloudFormationCourseRunner(),
        new CdkRunnerForkDeployingCdk(),
        new CdkRunnerZoneManagers(),
        new AvojakFargateDemo(),
        new FargateGithubRunnerModule());
  }
}
