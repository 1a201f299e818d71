package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrsAndPatternsTest {
  @Test
  void cidrContainmentAndOverlapForBothFamilies() {
    assertThat(Cidrs.contains("10.0.0.0/16", "10.0.16.0/20")).isTrue();
    assertThat(Cidrs.contains("10.0.16.0/20", "10.0.0.0/16")).isFalse();
    assertThat(Cidrs.contains("10.0.0.0/16", "10.0.255.255")).isTrue();
    assertThat(Cidrs.contains("10.0.0.0/16", "10.1.0.0")).isFalse();
    assertThat(Cidrs.contains("2001:db8::/32", "2001:db8:1::/48")).isTrue();
    assertThat(Cidrs.contains("0.0.0.0/0", "::/0")).isFalse();
    assertThat(Cidrs.overlaps("10.0.0.0/24", "10.0.0.128/25")).isTrue();
    assertThat(Cidrs.overlaps("10.0.0.0/25", "10.0.0.128/25")).isFalse();
  }

  @Test
  void publicAndPrivateAddressSpace() {
    assertThat(Cidrs.isPublic("0.0.0.0/0")).isTrue();
    assertThat(Cidrs.isPublic("::/0")).isTrue();
    assertThat(Cidrs.isPublic("203.0.113.10")).isTrue();
    assertThat(Cidrs.isPrivate("172.16.5.0/24")).isTrue();
    assertThat(Cidrs.isPrivate("fd00::/8")).isTrue();
    assertThat(Cidrs.isPrivate("172.32.0.0/16")).isFalse();
    assertThat(Cidrs.isAnywhere("::/0")).isTrue();
    assertThat(Cidrs.isAnywhere("10.0.0.0/8")).isFalse();
  }

  @Test
  void invalidInputIsRejectedWithoutAnyLookup() {
    assertThat(Cidrs.isValid("example.com")).isFalse();
    assertThat(Cidrs.isValid("10.0.0.256")).isFalse();
    assertThat(Cidrs.isValid("10.0.0.0/33")).isFalse();
    assertThat(Cidrs.isValid("1::2::3")).isFalse();
    assertThat(Cidrs.isValid("::ffff:10.0.0.1")).isTrue();
  }

  @Test
  void ipv4LiteralsParseTheSameOnTheFastPathAsOnTheGeneralOne() {
    assertThat(Cidrs.parse(" 10.1.2.77/24 ")).isEqualTo(Cidrs.parse("10.1.2.0/24"));
    assertThat(Cidrs.parse("01.2.3.4").base()).isEqualTo(Cidrs.parse("1.2.3.4").base());
    assertThat(Cidrs.parse("10.0.0.0/+8").prefix()).isEqualTo(8);
    assertThat(Cidrs.isAnywhere("203.0.113.9/0")).isTrue();
    assertThat(Cidrs.parse("255.255.255.255").base().longValue()).isEqualTo(0xFFFF_FFFFL);
    assertThat(Cidrs.isValid("1..2.3")).isFalse();
    assertThat(Cidrs.isValid(".1.2.3")).isFalse();
    assertThat(Cidrs.isValid("1.2.3.")).isFalse();
    assertThat(Cidrs.isValid("1.2.3.4.5")).isFalse();
    assertThat(Cidrs.isValid("1.2.3.0004")).isFalse();
    assertThat(Cidrs.isValid("1.2.3.4/x")).isFalse();
    assertThat(Cidrs.isValid("sg-0123456789abcdef0")).isFalse();
    // Non-ASCII digits go to the general parser, which takes them as Character.isDigit does.
    assertThat(Cidrs.parse("\u0661.2.3.4")).isEqualTo(Cidrs.parse("1.2.3.4"));
  }

  @Test
  void iamActionsMatchCaseInsensitivelyWithWildcards() {
    assertThat(IamPatterns.actionMatches("s3:Get*", "s3:GetObject")).isTrue();
    assertThat(IamPatterns.actionMatches("S3:get*", "s3:GetObject")).isTrue();
    assertThat(IamPatterns.actionMatches("s3:*Object*", "s3:PutObjectAcl")).isTrue();
    assertThat(IamPatterns.actionMatches("s3:Get?bject", "s3:GetObject")).isTrue();
    assertThat(IamPatterns.actionMatches("s3:Get*", "s3:PutObject")).isFalse();
    assertThat(IamPatterns.actionMatches("*", "iam:PassRole")).isTrue();
    assertThat(IamPatterns.anyActionMatches(List.of("ecs:Describe*", "ecs:RunTask"), "ECS:runtask")).isTrue();
    assertThat(IamPatterns.resourceMatches("arn:aws:iam::1:role/CI-*", "arn:aws:iam::1:role/ci-task")).isFalse();
  }

  /** A star stays a wildcard where the text has a star too: it may still match more than that one character. */
  @Test
  void aStarMatchesMoreThanALiteralStarInTheText() {
    assertThat(IamPatterns.glob("a*", "a*b")).isTrue();
    assertThat(IamPatterns.resourceMatches("arn:aws:s3:::b/*", "arn:aws:s3:::b/*/key")).isTrue();
    assertThat(IamPatterns.actionMatches("s3:*", "s3:*Object")).isTrue();
  }

  @Test
  void caseFoldingWhileMatchingAgreesWithLowercasingBothSides() {
    List<String> patterns = List.of("s3:Get*", "S3:GET?BJECT", "*", "iam:*Role*", "ecs:RunTask", "kms:*", "?", "",
        "Ecs:Run*Task", "ssm:GetParameter*", "[a-z]", "İam:*", "iam:passrole", "\u212Ams:*");
    List<String> actions = List.of("s3:GetObject", "S3:getobject", "iam:PassRole", "IAM:PASSROLE", "ecs:runtask",
        "ECS:RunTaskSet", "kms:Decrypt", "x", "", "[a-z]", "i̇am:PassRole", "İAM:PassRole", "ssm:GetParametersByPath");
    for (String p : patterns) {
      for (String a : actions) {
        boolean lowered = IamPatterns.glob(p.toLowerCase(java.util.Locale.ROOT), a.toLowerCase(java.util.Locale.ROOT));
        assertThat(IamPatterns.actionMatches(p, a)).as("%s against %s", p, a).isEqualTo(lowered);
      }
    }
    // Against a statement's patterns at once, an action's characters are looked at once: the same answers.
    for (String a : actions) {
      for (int from = 0; from < patterns.size(); from++) {
        List<String> some = patterns.subList(from, Math.min(patterns.size(), from + 3));
        boolean lowered = some.stream().anyMatch(p -> IamPatterns.glob(p.toLowerCase(java.util.Locale.ROOT), a.toLowerCase(java.util.Locale.ROOT)));
        assertThat(IamPatterns.anyActionMatches(some, a)).as("%s against %s", some, a).isEqualTo(lowered);
      }
    }
  }

  @Test
  void imageReferencesSplitLikeDocker() {
    assertThat(ImageRef.parse("alpine")).isEqualTo(new ImageRef("docker.io", "library/alpine", "latest", "", "dockerhub"));
    assertThat(ImageRef.parse("my-org/ci:1.2")).isEqualTo(new ImageRef("docker.io", "my-org/ci", "1.2", "", "dockerhub"));
    ImageRef ecr = ImageRef.parse("123456789012.dkr.ecr.eu-west-2.amazonaws.com/ci@sha256:abc");
    assertThat(ecr.kind()).isEqualTo("ecr");
    assertThat(ecr.tag()).isEmpty();
    assertThat(ecr.digest()).isEqualTo("sha256:abc");
    assertThat(List.of(ecr.ecrAccount(), ecr.ecrRegion(), ecr.repository())).containsExactly("123456789012", "eu-west-2", "ci");
    ImageRef fips = ImageRef.parse("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/team/ci-image:1.4");
    assertThat(List.of(fips.kind(), fips.ecrAccount(), fips.ecrRegion(), fips.repository(), fips.tag()))
        .containsExactly("ecr", "123456789012", "us-gov-west-1", "team/ci-image", "1.4");
    assertThat(ImageRef.parse("my-org/ci:1").ecrRegion()).isNull();
    assertThat(ImageRef.parse("localhost:5000/x:1").registry()).isEqualTo("localhost:5000");
    // Only a whole ECR host is ECR: not one that merely starts like it, nor an 11-digit account.
    assertThat(ImageRef.parse("123456789012.dkr.ecr.eu-west-2.amazonaws.com.evil.example/ci:1").kind()).isEqualTo("other");
    assertThat(ImageRef.parse("12345678901.dkr.ecr.eu-west-2.amazonaws.com/ci:1").kind()).isEqualTo("other");
    assertThat(ImageRef.parse("my-org/ci:1").withinRegistry("docker.io/my-org")).isTrue();
    assertThat(ImageRef.parse("other/ci:1").withinRegistry("docker.io/my-org")).isFalse();
  }

  /** A policy names every revision of a family by the ARN without its revision. */
  @Test
  void aTaskDefinitionArnLosesOnlyANumericRevision() {
    String family = "arn:aws:ecs:eu-west-2:123456789012:task-definition/ci-job";
    assertThat(RunnerScope.withoutRevision(family + ":42")).isEqualTo(family);
    assertThat(RunnerScope.withoutRevision(family + ":7")).isEqualTo(family);
    assertThat(RunnerScope.withoutRevision(family)).isEqualTo("arn:aws:ecs:eu-west-2:123456789012:task-definition/ci-job");
    assertThat(RunnerScope.withoutRevision(family + ":")).isEqualTo(family + ":");
    assertThat(RunnerScope.withoutRevision(family + ":4x")).isEqualTo(family + ":4x");
    assertThat(RunnerScope.withoutRevision("ci-job:3")).isEqualTo("ci-job");
    assertThat(RunnerScope.withoutRevision("ci-job")).isEqualTo("ci-job");
  }
}
