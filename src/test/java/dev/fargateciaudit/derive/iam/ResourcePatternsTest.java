package dev.fargateciaudit.derive.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "On every resource" means the pattern reaches every resource the action applies to, compared as
 * IAM compares patterns: issue #29's d07 ({@code arn:*} and {@code arn:aws:*:*:*:*} were not
 * "every resource", only {@code *} was).
 */
class ResourcePatternsTest {
  private static final AccountScope SCOPE = new AccountScope("aws", "123456789012", List.of("eu-west-2"));

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource(delimiter = '~', value = {
    "secretsmanager:GetSecretValue ~ *                                                        ~ *",
    "secretsmanager:GetSecretValue ~ arn:*                                                    ~ arn:*",
    "secretsmanager:GetSecretValue ~ arn:aws:*:*:*:*                                          ~ arn:aws:*:*:*:*",
    "secretsmanager:GetSecretValue ~ arn:aws:secretsmanager:*:*:secret:*                      ~ arn:aws:secretsmanager:*:*:secret:*",
    "secretsmanager:GetSecretValue ~ arn:aws:secretsmanager:eu-west-2:123456789012:secret:*   ~ arn:aws:secretsmanager:eu-west-2:123456789012:secret:*",
    "secretsmanager:GetSecretValue ~ arn:aws:secretsmanager:eu-west-2:123456789012:secret:ci/* ~ ",
    "secretsmanager:GetSecretValue ~ arn:aws:secretsmanager:eu-west-2:123456789012:secret:ci/dockerhub-login-AbCdEf ~ ",
    "secretsmanager:GetSecretValue ~ arn:aws:secretsmanager:us-east-1:123456789012:secret:*   ~ ",
    "secretsmanager:GetSecretValue ~ arn:aws:ssm:*:*:*                                        ~ ",
    "iam:PassRole                  ~ arn:aws:iam::*:role/*                                    ~ arn:aws:iam::*:role/*",
    "iam:PassRole                  ~ arn:aws:iam::123456789012:role/gitlab-ci-*               ~ ",
    "iam:PassRole                  ~ arn:aws:iam::123456789012:*                              ~ arn:aws:iam::123456789012:*",
    "ssm:GetParameters             ~ arn:aws:ssm:*:*:parameter/*                              ~ arn:aws:ssm:*:*:parameter/*",
    "ssm:GetParameter              ~ arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*             ~ ",
    "kms:Decrypt                   ~ arn:aws:kms:*:123456789012:key/*                         ~ arn:aws:kms:*:123456789012:key/*",
    "s3:GetObject                  ~ arn:aws:s3:::*/*                                         ~ arn:aws:s3:::*/*",
    "s3:GetObject                  ~ arn:aws:s3:::ci-cache/*                                  ~ ",
    "ecs:RunTask                   ~ arn:aws:ecs:*:*:task-definition/*                        ~ arn:aws:ecs:*:*:task-definition/*",
    "ecs:RunTask                   ~ arn:aws:ecs:eu-west-2:123456789012:task-definition/gitlab-ci:* ~ ",
    "secretsmanager:GetSecretValue ~ arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team}-* ~ ",
  })
  void resourcePatternReachesEveryResource(String action, String pattern, String via) {
    assertThat(ResourcePatterns.everyResourceVia(action, List.of(pattern), List.of(), true, SCOPE)).isEqualTo(via);
  }

  /** NotResource is every resource but the ones it lists: every resource, unless it lists them all. */
  @ParameterizedTest(name = "NotResource {1} for {0} -> {2}")
  @CsvSource(delimiter = '~', value = {
    "secretsmanager:GetSecretValue ~ arn:aws:secretsmanager:eu-west-2:123456789012:secret:prod/* ~ true",
    "secretsmanager:GetSecretValue ~ arn:aws:secretsmanager:*:*:secret:*|arn:aws:s3:::*        ~ false",
    "secretsmanager:GetSecretValue ~ *                                                          ~ false",
  })
  void notResourceReachesEveryResourceItDoesNotList(String action, String notResources, boolean every) {
    String via = ResourcePatterns.everyResourceVia(action, List.of(), Arrays.asList(notResources.split("\\|")), true, SCOPE);
    assertThat(via != null).isEqualTo(every);
    if (every) assertThat(via).startsWith("NotResource ");
  }

  /** An estate in two regions: a pattern that reaches every secret of either region reaches every secret the CI may read. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '~', value = {
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:* ~ true",
    "arn:aws:secretsmanager:eu-central-1:123456789012:secret:* ~ false",
  })
  void everyRegionOfTheEstateIsProbed(String pattern, boolean every) {
    AccountScope twoRegions = new AccountScope("aws", "123456789012", List.of("eu-west-2", "us-east-1"));
    assertThat(ResourcePatterns.everyResourceVia("secretsmanager:GetSecretValue", List.of(pattern), List.of(), true, twoRegions) != null)
        .isEqualTo(every);
  }

  /** GovTechSG/fargate-gitlab-runner-terraform grants RunTask, StopTask and DescribeTasks together on tasks and families. */
  @ParameterizedTest(name = "{0} may name a task definition: {1}")
  @CsvSource(delimiter = '~', value = {
    "arn:aws:ecs:eu-west-2:123456789012:task/workers/*                 ~ false",
    "arn:aws:ecs:eu-west-2:123456789012:cluster/workers                ~ false",
    "arn:aws:s3:::cache/*                                               ~ false",
    "arn:aws:ecs:eu-west-2:123456789012:task-definition/worker-tool1:*  ~ true",
    "arn:aws:ecs:eu-west-2:123456789012:Task-Definition/x:1             ~ true",
    "arn:aws:ecs:eu-west-2:123456789012:task*                           ~ true",
    "arn:aws:ecs:*:*:task/*                                             ~ true",
    "arn:aws:*:eu-west-2:123456789012:task/x                            ~ true",
    "arn:aws:ecs:eu-west-2:${aws:PrincipalAccount}:task/x               ~ true",
    "*                                                                  ~ true",
    "arn:*                                                              ~ true",
  })
  void aPatternThatWritesOutAnotherTypeNamesNoTaskDefinition(String pattern, boolean may) {
    assertThat(ResourcePatterns.mayNameType(pattern.strip(), "ecs", "task-definition")).isEqualTo(may);
  }
}
