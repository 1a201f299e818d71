package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import dev.fargateciaudit.derive.SubjectType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The custom functions as rules call them, over plain maps with long numbers. */
class CelEnvironmentTest {
  private static Object eval(SubjectType type, String expr, Map<String, Object> subject) throws Exception {
    return CelEnvironment.get().compile(expr, null, type).eval(Map.of("subject", subject));
  }

  @Test
  void customFunctionsAndMacros() throws Exception {
    Map<String, Object> subnet = Map.of("cidr", "10.0.0.0/16");
    Map<String, Object> group = Map.of(
        "inbound", List.of(Map.of("fromPort", 0L, "toPort", 65535L), Map.of("fromPort", 22L, "toPort", 22L)));
    Map<String, Object> role = Map.of("statements", List.of(Map.of("actions", List.of("s3:Get*", "ecs:RunTask"))));
    assertThat(eval(SubjectType.CI_SUBNET, "cidrContains(subject.cidr, '10.0.1.7')", subnet)).isEqualTo(true);
    assertThat(eval(SubjectType.CI_SUBNET, "cidrOverlaps(subject.cidr, '10.1.0.0/16')", subnet)).isEqualTo(false);
    assertThat(eval(SubjectType.CI_SUBNET, "isPublicIp('8.8.8.8') && isPrivateIp('10.1.2.3') && isIpv6('::1') && !isCidr('x')", subnet))
        .isEqualTo(true);
    assertThat(eval(SubjectType.SECURITY_GROUP, "subject.inbound.filter(r, portRangeIncludes(r.fromPort, r.toPort, 2049)).size()", group))
        .isEqualTo(1L);
    assertThat(eval(SubjectType.ROLE, "subject.statements.exists(s, iamAnyActionMatches(s.actions, 'S3:GetObject'))", role))
        .isEqualTo(true);
    assertThat(eval(SubjectType.ROLE, "iamActionMatches('ecs:*', 'iam:PassRole')", role)).isEqualTo(false);
    assertThat(eval(SubjectType.ROLE, "globMatches('gitlab-ci-*', 'gitlab-ci-fargate')", role)).isEqualTo(true);
    assertThat(eval(SubjectType.CI_SUBNET, "cidrContains('not-a-cidr', '10.0.0.1')", subnet)).isEqualTo(false);
  }

  /**
   * The rule memo hands subjects that read the same values the outcome judged once, which is right
   * only while every function is pure. A function added to the environment fails this test until
   * it has been reviewed as a pure function of its arguments and added here.
   */
  @Test
  void everyCustomFunctionIsOneReviewedAsPure() {
    assertThat(CelEnvironment.functionNames()).containsExactlyInAnyOrder(
        "cidrContains", "cidrOverlaps", "isPublicIp", "isPrivateIp", "isIpv6", "isCidr",
        "iamActionMatches", "iamAnyActionMatches", "portRangeIncludes", "globMatches");
  }

  @Test
  void checksMustBeBooleanAndErrorsArePositioned() {
    var e = org.assertj.core.api.Assertions.catchThrowableOfType(CelEnvironment.CompileError.class,
        () -> CelEnvironment.get().compile("subject.encrypted &&\n  nope(1)", SimpleType.BOOL, SubjectType.FILE_SYSTEM));
    assertThat(e.line).isEqualTo(2);
    assertThat(e.column).isEqualTo(7);
    assertThat(e).hasMessageContaining("nope");
  }
}
