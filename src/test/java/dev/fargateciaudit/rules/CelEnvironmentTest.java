package dev.fargateciaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The custom functions as rules call them, over plain maps with long numbers. */
class CelEnvironmentTest {
  private static Object eval(String expr, Map<String, Object> subject) throws Exception {
    return CelEnvironment.get().compile(expr, null).eval(Map.of("subject", subject));
  }

  @Test
  void customFunctionsAndMacros() throws Exception {
    Map<String, Object> s = Map.of(
        "cidr", "10.0.0.0/16",
        "rules", List.of(Map.of("from", 0L, "to", 65535L), Map.of("from", 22L, "to", 22L)),
        "actions", List.of("s3:Get*", "ecs:RunTask"));
    assertThat(eval("cidrContains(subject.cidr, '10.0.1.7')", s)).isEqualTo(true);
    assertThat(eval("cidrOverlaps(subject.cidr, '10.1.0.0/16')", s)).isEqualTo(false);
    assertThat(eval("isPublicIp('8.8.8.8') && isPrivateIp('10.1.2.3') && isIpv6('::1') && !isCidr('x')", s)).isEqualTo(true);
    assertThat(eval("subject.rules.filter(r, portRangeIncludes(r.from, r.to, 2049)).size()", s)).isEqualTo(1L);
    assertThat(eval("iamAnyActionMatches(subject.actions, 'S3:GetObject')", s)).isEqualTo(true);
    assertThat(eval("iamActionMatches('ecs:*', 'iam:PassRole')", s)).isEqualTo(false);
    assertThat(eval("globMatches('gitlab-ci-*', 'gitlab-ci-fargate')", s)).isEqualTo(true);
    assertThat(eval("cidrContains('not-a-cidr', '10.0.0.1')", s)).isEqualTo(false);
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
        () -> CelEnvironment.get().compile("subject.a &&\n  nope(1)", SimpleType.BOOL));
    assertThat(e.line).isEqualTo(2);
    assertThat(e.column).isEqualTo(7);
    assertThat(e).hasMessageContaining("nope");
  }
}
