package dev.fargateciaudit.derive.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether one IAM pattern covers every string another names: how a Deny's {@code Action} or
 * {@code Resource} is compared with the Allow it would cancel. Never true where some string the
 * second names escapes the first.
 */
class GlobTest {
  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource(delimiter = '~', value = {
    "s3:*                  ~ s3:GetObject          ~ true",
    "s3:*                  ~ s3:Get*               ~ true",
    "*                     ~ secretsmanager:*      ~ true",
    "S3:GET*               ~ s3:getObject          ~ true",
    "s3:G?tObject          ~ s3:GetObject          ~ true",
    "a*b                   ~ a?b                   ~ true",
    "s3:Get*               ~ s3:*                  ~ false",
    "s3:GetObject          ~ s3:Get*               ~ false",
    "s3:Ge?*               ~ s3:Ge*                ~ false",
    "a?b                   ~ a*b                   ~ false",
    "s3:*t                 ~ s3:Get*               ~ false",
  })
  void actionPatterns(String deny, String allow, boolean covers) {
    assertThat(Glob.covers(deny.strip(), allow.strip(), true)).isEqualTo(covers);
  }

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource(delimiter = '~', value = {
    "arn:aws:secretsmanager:*:*:secret:*            ~ arn:aws:secretsmanager:eu-west-2:123456789012:secret:ci/*  ~ true",
    "arn:aws:iam::123456789012:role/*               ~ arn:aws:iam::123456789012:role/gitlab-ci-*                 ~ true",
    "arn:aws:iam::123456789012:role/gitlab-ci-*     ~ arn:aws:iam::123456789012:role/*                           ~ false",
    "arn:aws:iam::123456789012:role/Admin           ~ arn:aws:iam::123456789012:role/admin                       ~ false",
  })
  void resourcePatternsAreCaseSensitive(String deny, String allow, boolean covers) {
    assertThat(Glob.covers(deny.strip(), allow.strip(), false)).isEqualTo(covers);
  }
}
