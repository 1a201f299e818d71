package dev.fargateciaudit.derive.iam;

import static dev.fargateciaudit.derive.iam.ConditionOperatorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A condition narrows only when, read with its operator, it rejects the requests the check is
 * about. The first row of each question is one of issue #29's examples (d05), which counted as
 * narrowing before because a value was present under some operator.
 */
class ConditionProbesTest {
  private static final AccountScope SCOPE = new AccountScope("aws", "123456789012", List.of("eu-west-2"));

  private static Conditions c(String condition) {
    return Conditions.parse(json(condition), true);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'StringNotEquals': {'iam:PassedToService': 'ecs-tasks.amazonaws.com'}}     ~ false",
    "{'StringNotEquals': {'iam:PassedToService': 'ec2.amazonaws.com'}}           ~ false",
    "{}                                                                            ~ false",
    "{'StringEquals': {'iam:PassedToService': 'ecs-tasks.amazonaws.com'}}        ~ true",
    "{'StringEquals': {'IAM:passedToService': 'ecs-tasks.amazonaws.com'}}        ~ true",
    "{'StringEqualsIfExists': {'iam:PassedToService': 'ecs-tasks.amazonaws.com'}} ~ false",
    "{'StringLike': {'iam:PassedToService': '*'}}                                ~ false",
    "{'StringLike': {'iam:PassedToService': '*.amazonaws.com'}}                  ~ false",
    "{'StringNotLike': {'iam:PassedToService': 'ec2*'}, 'Null': {'iam:PassedToService': 'false'}} ~ false",
    "{'StringEquals': {'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com']}} ~ true",
    "{'StringEquals': {'aws:RequestedRegion': 'eu-west-2'}}                      ~ false",
  })
  void passRoleLimitedToNamedServices(String condition, boolean limits) {
    assertThat(ConditionProbes.limitsPassedToService(c(condition))).isEqualTo(limits);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'StringEquals': {'iam:PassedToService': 'ecs-tasks.amazonaws.com'}}        ~ ecs-tasks.amazonaws.com",
    "{'StringEquals': {'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com']}} ~ ecs-tasks.amazonaws.com|ec2.amazonaws.com",
    "{'StringLike': {'iam:PassedToService': 'ecs*'}}                             ~ ecs-tasks.amazonaws.com|ecs.amazonaws.com",
    "{'StringEquals': {'iam:PassedToService': 'glue.amazonaws.com'}}             ~ glue.amazonaws.com",
  })
  void servicesARoleMayBePassedTo(String condition, String services) {
    assertThat(ConditionProbes.servicesPassedTo(c(condition))).containsExactly(services.split("\\|"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'ArnNotEquals': {'ecs:cluster': 'arn:aws:ecs:eu-west-2:123456789012:cluster/prod'}} ~ false",
    "{'ArnEquals': {'ecs:cluster': 'arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci'}} ~ true",
    "{'ArnLike': {'ecs:cluster': 'arn:aws:ecs:*:*:cluster/gitlab-ci'}}            ~ true",
    "{'StringEquals': {'ecs:cluster': 'arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci'}} ~ true",
    "{'ArnLike': {'ecs:cluster': 'arn:aws:ecs:*:*:cluster/*'}}                    ~ false",
    "{'ArnLike': {'ecs:cluster': 'arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-*'}} ~ true",
    "{'ArnEqualsIfExists': {'ecs:cluster': 'arn:aws:ecs:eu-west-2:123456789012:cluster/gitlab-ci'}} ~ false",
    "{'Null': {'ecs:cluster': 'false'}}                                          ~ false",
  })
  void runTaskLimitedToNamedClusters(String condition, boolean limits) {
    assertThat(ConditionProbes.limitsCluster(c(condition), SCOPE)).isEqualTo(limits);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'Null': {'aws:SourceAccount': 'true'}}                                     ~ false",
    "{'StringLike': {'aws:SourceArn': '*'}}                                      ~ false",
    "{'StringEquals': {'aws:SourceAccount': '123456789012'}}                     ~ true",
    "{'StringEquals': {'aws:SourceAccount': '123456789012'}, 'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:eu-west-2:123456789012:*'}} ~ true",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:eu-west-2:123456789012:*'}}      ~ true",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:*'}}                         ~ false",
    "{'StringNotEquals': {'aws:SourceAccount': '999999999999'}}                  ~ false",
    "{'StringEqualsIfExists': {'aws:SourceAccount': '123456789012'}}             ~ false",
    "{'StringEquals': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}}                       ~ true",
    "{'StringEquals': {'aws:PrincipalTag/team': 'ci'}}                           ~ false",
    "{'StringEquals': {'aws:SourceAccount': '123456789012'}, 'Bool': {'aws:SecureTransport': 'true'}} ~ true",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}}                 ~ false",
    "{'StringLike': {'aws:SourceArn': 'arn:aws:ecs:eu-west-2:*:task/ci-*'}}      ~ false",
    "{'ArnEquals': {'aws:SourceArn': 'arn:aws:ecs:eu-west-2:*:task/ci/abc'}}     ~ false",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:eu-west-2:123456789012:task/ci-*'}} ~ true",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}, 'StringEquals': {'aws:SourceAccount': '123456789012'}} ~ true",
  })
  void trustGuardsAgainstTheConfusedDeputy(String condition, boolean guards) {
    assertThat(ConditionProbes.guardsConfusedDeputy(c(condition), SCOPE)).isEqualTo(guards);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{}                                                                          ~ false",
    "{'StringLike': {'aws:PrincipalArn': '*'}}                                   ~ false",
    "{'StringEquals': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}                    ~ true",
    "{'StringEquals': {'aws:PrincipalAccount': '123456789012'}}                  ~ true",
    "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/*'}}       ~ true",
    "{'StringEquals': {'aws:SourceVpce': 'vpce-0a1b2c3d'}}                       ~ true",
    "{'StringEquals': {'aws:SourceVpc': 'vpc-0a1b2c3d'}}                         ~ true",
    "{'IpAddress': {'aws:SourceIp': '10.0.0.0/8'}}                               ~ true",
    "{'IpAddress': {'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1']}}               ~ false",
    "{'NotIpAddress': {'aws:SourceIp': '10.0.0.0/8'}}                            ~ false",
    "{'Bool': {'elasticfilesystem:AccessedViaMountTarget': 'true'}}              ~ true",
    "{'Bool': {'aws:SecureTransport': 'true'}}                                   ~ false",
    "{'StringNotEquals': {'aws:PrincipalOrgID': 'o-evil'}}                       ~ false",
    "{'Null': {'aws:PrincipalOrgID': 'false'}}                                   ~ false",
    "{'StringEqualsIfExists': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}            ~ false",
  })
  void grantToEveryoneKeptWithinAccountOrganisationOrNetwork(String condition, boolean limits) {
    assertThat(ConditionProbes.limitsWhoAndWhere(c(condition), SCOPE)).isEqualTo(limits);
  }

  /**
   * An Allow whose condition only names what an outsider can choose keeps nobody out: any account
   * may create a role, user, cluster or bucket of any free name, name its sessions, and have an AWS
   * service act for it. The same names pinned to one account, or beside a key nobody chooses, still
   * count.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*'}}               ~ false",
    "{'StringLike': {'aws:PrincipalArn': '*:role/ci-runner'}}                    ~ false",
    "{'ArnEquals': {'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-runner'}}        ~ false",
    "{'StringEquals': {'aws:username': 'alice'}}                                 ~ false",
    "{'StringLike': {'aws:userid': '*:ci-session'}}                              ~ false",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}}                 ~ false",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:s3:::ci-*'}}                         ~ false",
    "{'StringEquals': {'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com'}}  ~ false",
    "{'Bool': {'aws:PrincipalIsAWSService': 'true'}}                             ~ false",
    "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/ci-*'}}    ~ true",
    "{'ArnEquals': {'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/ci-runner'}} ~ true",
    "{'StringLike': {'aws:userid': 'AROAEXAMPLEID:*'}}                           ~ true",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:ecs:eu-west-2:123456789012:task/ci-*'}} ~ true",
    "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*'}, 'StringEquals': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}} ~ true",
    "{'StringEquals': {'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com', 'aws:SourceAccount': '123456789012'}} ~ true",
    "{'Bool': {'aws:PrincipalIsAWSService': 'true'}, 'StringEquals': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}} ~ true",
  })
  void anAllowNamingWhatAnyAccountCanChooseKeepsNobodyOut(String condition, boolean limits) {
    assertThat(ConditionProbes.limitsWhoAndWhere(c(condition), SCOPE)).isEqualTo(limits);
  }

  /**
   * A Deny is credited only when its conditions certainly hold for every outsider a public
   * question imagines. The first rows are AWS's data-perimeter identity and confused-deputy
   * statements (aws-samples/data-perimeter-policy-examples): each alone leaves some outsider in,
   * the first an AWS service acting for another account, the second everyone else
   * ({@link #awsDataPerimeterStatementsTogetherRefuseEveryOutsider}). A key the question does not
   * fix (a principal tag, aws:ViaAWSService, aws:SecureTransport) is the requester's to choose.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'StringNotEqualsIfExists': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}, 'BoolIfExists': {'aws:PrincipalIsAWSService': 'false'}} ~ false",
    "{'StringNotEqualsIfExists': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}, 'Null': {'aws:SourceAccount': 'false'}, 'Bool': {'aws:PrincipalIsAWSService': 'true'}} ~ false",
    "{'StringNotEqualsIfExists': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}         ~ true",
    "{}                                                                          ~ true",
    "{'StringNotEquals': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}                 ~ true",
    "{'StringNotEquals': {'aws:PrincipalAccount': '123456789012'}}               ~ true",
    "{'StringNotEqualsIfExists': {'aws:SourceVpc': 'vpc-0a1b2c3d'}}              ~ true",
    "{'StringNotEquals': {'aws:SourceVpce': 'vpce-0a1b2c3d'}}                    ~ true",
    "{'NotIpAddress': {'aws:SourceIp': '10.0.0.0/8'}}                            ~ true",
    "{'StringEquals': {'aws:PrincipalOrgID': 'o-evil'}}                          ~ false",
    "{'StringEquals': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}}                    ~ false",
    "{'Null': {'aws:PrincipalOrgID': 'true'}}                                    ~ false",
    "{'StringNotEqualsIfExists': {'aws:PrincipalTag/network-perimeter-exception': 'true'}} ~ false",
    "{'StringNotEqualsIfExists': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}, 'StringEquals': {'aws:PrincipalTag/data-perimeter-include': 'true'}} ~ false",
    "{'StringNotEqualsIfExists': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}, 'BoolIfExists': {'aws:ViaAWSService': 'false'}} ~ false",
    "{'Bool': {'aws:SecureTransport': 'false'}}                                  ~ false",
    "{'IpAddress': {'aws:SourceIp': '0.0.0.0/0'}}                                ~ false",
    "{'StringNotEquals': {'aws:PrincipalAccount': '${aws:ResourceAccount}'}}     ~ false",
    "{'ArnNotLike': {'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/ci-*'}} ~ true",
    "{'ArnNotEquals': {'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/x'}}  ~ true",
    "{'StringNotLike': {'aws:userid': 'AROAEXAMPLEID:*'}}                        ~ true",
    "{'ArnNotLike': {'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*'}}            ~ false",
    "{'StringNotLike': {'aws:PrincipalArn': '*:role/ci-runner'}}                 ~ false",
    "{'StringNotEquals': {'aws:username': 'alice'}}                              ~ false",
    "{'StringNotLike': {'aws:userid': '*:ci-session'}}                           ~ false",
    "{'StringNotEquals': {'aws:PrincipalAccount': '123456789012'}, 'ArnNotLike': {'aws:PrincipalArn': 'arn:aws:iam::*:role/ci-*'}} ~ false",
    "{'ArnNotLike': {'aws:SourceArn': 'arn:aws:s3:::ci-*'}}                      ~ false",
  })
  void aDenyCertainlyAppliesToEveryOutsider(String condition, boolean applies) {
    assertThat(ConditionProbes.certainlyApplies(c(condition), ConditionProbes.outsiders(SCOPE))).isEqualTo(applies);
  }

  /**
   * AWS's identity perimeter exempts AWS service principals, and its confused-deputy statement
   * refuses them when they act for a resource outside the organisation: between them every outsider
   * is refused, one Deny each (as a resource policy's grant to everyone is judged). A service acting
   * for no resource (no aws:SourceAccount) is AWS's own, not an outsider's: AWS's statements let it in.
   */
  @Test
  void awsDataPerimeterStatementsTogetherRefuseEveryOutsider() {
    Conditions identity = c("{'StringNotEqualsIfExists': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}, "
        + "'BoolIfExists': {'aws:PrincipalIsAWSService': 'false'}}");
    Conditions deputy = c("{'StringNotEqualsIfExists': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}, "
        + "'Null': {'aws:SourceAccount': 'false'}, 'Bool': {'aws:PrincipalIsAWSService': 'true'}}");
    ConditionProbes.Requesters outsiders = ConditionProbes.outsiders(SCOPE);
    List<RequestContext> services = outsiders.requests().stream()
        .filter(r -> List.of("true").equals(r.values("aws:PrincipalIsAWSService"))).toList();
    assertThat(services).isNotEmpty();
    for (RequestContext r : outsiders.requests()) {
      ConditionProbes.Requesters one = outsiders.only(r);
      assertThat(ConditionProbes.certainlyApplies(identity, one) || ConditionProbes.certainlyApplies(deputy, one)).as(r.toString()).isTrue();
      assertThat(ConditionProbes.certainlyApplies(identity, one)).as(r.toString()).isEqualTo(!services.contains(r));
    }
  }

  /**
   * An Allow to an AWS service principal (CodeBuild or Lambda pulling from an ECR repository, a
   * service reading a secret or mounting a file system) lets that service in when it acts for any
   * account's resource, unless its conditions keep that resource this account's, as AWS recommends:
   * aws:SourceAccount, an aws:SourceArn pinned to this account, or aws:SourceOrgID.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{}                                                                          ~ false",
    "{'StringEquals': {'aws:SourceAccount': '123456789012'}}                     ~ true",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:codebuild:eu-west-2:123456789012:project/*'}} ~ true",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:lambda:*:123456789012:function:*'}}  ~ true",
    "{'StringEquals': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}}                       ~ true",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:codebuild:*:*:project/*'}}           ~ false",
    "{'ArnLike': {'aws:SourceArn': 'arn:aws:codebuild:*:*:project/*'}, 'StringEquals': {'aws:SourceAccount': '123456789012'}} ~ true",
    "{'StringNotEquals': {'aws:SourceAccount': '444455556666'}}                  ~ false",
    "{'StringLike': {'aws:SourceAccount': '*'}}                                  ~ false",
    "{'Null': {'aws:SourceAccount': 'false'}}                                    ~ false",
    "{'StringEquals': {'aws:PrincipalServiceName': 'codebuild.amazonaws.com'}}   ~ false",
    "{'Bool': {'aws:PrincipalIsAWSService': 'true'}}                             ~ false",
    "{'Bool': {'aws:SecureTransport': 'true'}}                                   ~ false",
  })
  void anAllowToAServiceKeepsItToThisAccountsResources(String condition, boolean keeps) {
    assertThat(ConditionProbes.keepsServiceToOwnResources(c(condition), "codebuild.amazonaws.com", SCOPE)).isEqualTo(keeps);
  }

  /**
   * What a Deny must certainly apply to for a grant to a service to be refused: that service acting
   * for another account's resource. AWS's confused-deputy statement does; its identity perimeter,
   * which exempts service principals, does not; nor a Deny exempting a name any account can give
   * its resource, or the very service granted.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'StringNotEqualsIfExists': {'aws:SourceOrgID': 'o-a1b2c3d4e5'}, 'Null': {'aws:SourceAccount': 'false'}, 'Bool': {'aws:PrincipalIsAWSService': 'true'}} ~ true",
    "{'StringNotEquals': {'aws:SourceAccount': '123456789012'}}                  ~ true",
    "{'ArnNotLike': {'aws:SourceArn': 'arn:aws:codebuild:*:123456789012:project/*'}} ~ true",
    "{'StringNotEqualsIfExists': {'aws:PrincipalOrgID': 'o-a1b2c3d4e5'}, 'BoolIfExists': {'aws:PrincipalIsAWSService': 'false'}} ~ false",
    "{'ArnNotLike': {'aws:SourceArn': 'arn:aws:codebuild:*:*:project/*'}}        ~ false",
    "{'StringNotEquals': {'aws:PrincipalServiceName': 'codebuild.amazonaws.com'}} ~ false",
    "{'StringEquals': {'aws:PrincipalServiceName': 'codebuild.amazonaws.com'}}   ~ true",
  })
  void aDenyCertainlyAppliesToTheServiceActingForAnotherAccount(String condition, boolean applies) {
    assertThat(ConditionProbes.certainlyApplies(c(condition), ConditionProbes.serviceDeputies("codebuild.amazonaws.com", SCOPE)))
        .isEqualTo(applies);
  }

  /** The role itself as the requester: its ARN and account are fixed; with PassRole, also each service it may name. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{}                                                                          ~ true",
    "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/*'}}       ~ true",
    "{'StringNotEquals': {'iam:PassedToService': 'ecs-tasks.amazonaws.com'}}     ~ true",
    "{'StringEquals': {'iam:PassedToService': 'ec2.amazonaws.com'}}              ~ false",
    "{'StringEquals': {'aws:PrincipalTag/team': 'ci'}}                           ~ false",
    "{'ArnLike': {'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/admin-*'}} ~ false",
  })
  void aDenyCertainlyAppliesToTheRolePassingToNoServiceOrAnUnchosenOne(String condition, boolean applies) {
    ConditionProbes.Requesters who = ConditionProbes.role("arn:aws:iam::123456789012:role/gitlab-runner", SCOPE)
        .varying("iam:PassedToService", java.util.Arrays.asList(null, AccountScope.UNCHOSEN + ".amazonaws.com"));
    assertThat(ConditionProbes.certainlyApplies(c(condition), who)).isEqualTo(applies);
  }

  /**
   * The confused deputy's requests: none, and one made for another account's resource, whose
   * name (an ECS cluster or task) that account chooses; both by the trusted service, so
   * aws:PrincipalIsAWSService is true.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'StringNotEquals': {'aws:SourceAccount': '123456789012'}}                  ~ true",
    "{'ArnNotLike': {'aws:SourceArn': 'arn:aws:ecs:*:123456789012:task/ci/*'}}   ~ true",
    "{'ArnNotLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}}              ~ false",
    "{'StringNotEquals': {'aws:SourceAccount': '123456789012'}, 'ArnNotLike': {'aws:SourceArn': 'arn:aws:ecs:*:*:task/ci-*'}} ~ false",
    "{'StringNotEquals': {'aws:SourceAccount': '123456789012'}, 'Bool': {'aws:PrincipalIsAWSService': 'true'}} ~ true",
    "{'StringNotEquals': {'aws:SourceAccount': '123456789012'}, 'BoolIfExists': {'aws:PrincipalIsAWSService': 'false'}} ~ false",
  })
  void aDenyCertainlyAppliesToEveryConfusedDeputy(String condition, boolean applies) {
    assertThat(ConditionProbes.certainlyApplies(c(condition), ConditionProbes.confusedDeputies(SCOPE))).isEqualTo(applies);
  }

  /** A role whose ARN is not known may be any role: a Deny that exempts some roles may exempt it. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "{'StringNotEquals': {'aws:PrincipalAccount': '999999999999'}}               ~ true",
    "{'ArnNotLike': {'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/gitlab-*'}} ~ false",
  })
  void aDenyOnTheRoleArnIsNotCertainWhenTheArnIsUnknown(String condition, boolean applies) {
    assertThat(ConditionProbes.certainlyApplies(c(condition), ConditionProbes.role(null, SCOPE))).isEqualTo(applies);
    assertThat(ConditionProbes.certainlyApplies(c(condition), ConditionProbes.role("", SCOPE))).isEqualTo(applies);
  }
}
