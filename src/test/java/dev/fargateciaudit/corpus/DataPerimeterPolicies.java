package dev.fargateciaudit.corpus;

import java.nio.file.Path;

/**
 * Correct. A member account of an AWS Organization that bounds its resource policies the way AWS's
 * data-perimeter examples do (aws-samples/data-perimeter-policy-examples): the job image's
 * repository lets every principal pull ({@code Principal: "*"}, no condition) and two Deny
 * statements keep the grant inside the organisation: the identity perimeter (refuses principals
 * outside it, AWS service principals exempt) and the confused-deputy protection (refuses an AWS
 * service acting for a resource outside it). The deploy secret's policy grants the execution role
 * and carries the same two statements. Trust policies name {@code aws:SourceAccount} and this
 * account's task ARNs.
 */
final class DataPerimeterPolicies extends CorpusEstate {
  static final String ORG = "o-a1b2c3d4e5";

  DataPerimeterPolicies() {
    super("ok-data-perimeter-policies");
  }

  /** AWS's identity-perimeter and confused-deputy statements for {@code actions}, organisation {@link #ORG}. */
  static String perimeter(String actions) {
    return """
        {"Sid":"EnforceOrgIdentities","Effect":"Deny","Principal":"*","Action":%1$s,"Resource":"*",
          "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"%2$s"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}},
        {"Sid":"EnforceConfusedDeputyProtection","Effect":"Deny","Principal":"*","Action":%1$s,"Resource":"*",
          "Condition":{"StringNotEqualsIfExists":{"aws:SourceOrgID":"%2$s"},"Null":{"aws:SourceAccount":"false"},
            "Bool":{"aws:PrincipalIsAWSService":"true"}}}""".formatted(actions, ORG);
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "perimeter-ci").addressSpace(47, 2, false).build();
    kit.repositoryPolicy(p.repository, """
        {"Version":"2012-10-17","Statement":[{"Sid":"PullByAnyone","Effect":"Allow","Principal":"*",
          "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"]},
        %s]}""".formatted(perimeter("\"*\"")));

    var deploy = kit.secret("perimeter-ci/deploy-token", "{\"token\":\"not-read-by-the-tool\"}");
    kit.secretPolicy(deploy, """
        {"Version":"2012-10-17","Statement":[%s,
        %s]}""".formatted(p.executionRoleReads(), perimeter("\"secretsmanager:*\"")));
    String build = p.buildFamilyReading(deploy);
    return p.writeConfigs(dir, build);
  }

  @Override
  Expectation expected() {
    return Expectation.passesTheGate();
  }
}
