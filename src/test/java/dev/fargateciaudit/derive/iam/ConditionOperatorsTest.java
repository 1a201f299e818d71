package dev.fargateciaudit.derive.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every IAM condition operator, each with a request it matches and one it does not, taken from
 * AWS's pages (the column {@code page} says which):
 * <ul>
 *   <li>OPS: "IAM JSON policy elements: Condition operators",
 *       https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html</li>
 *   <li>COND: "IAM JSON policy elements: Condition" (key names are case-insensitive; StringEquals "john"
 *       denies "John"), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html</li>
 *   <li>LOGIC: "Condition with multiple context keys or values" (keys and operators AND, values OR,
 *       negated operators' values AND),
 *       https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html</li>
 *   <li>MULTI: "Multivalued context keys" and its examples (ForAllValues, ForAnyValue, and what they
 *       return when the request lacks the key),
 *       https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
 *       https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html</li>
 * </ul>
 * A request is written {@code key=value|value;key=value}; {@code -} is a request without any key.
 */
class ConditionOperatorsTest {

  @ParameterizedTest(name = "[{0}] {1} on {2} -> {3}")
  @CsvSource(delimiter = '~', value = {
    // String operators
    "OPS  ~ {'StringEquals': {'aws:PrincipalTag/job-category': 'iamuser-admin'}}   ~ aws:PrincipalTag/job-category=iamuser-admin ~ true",
    "OPS  ~ {'StringEquals': {'aws:PrincipalTag/job-category': 'iamuser-admin'}}   ~ -                                         ~ false",
    "COND ~ {'StringEquals': {'aws:username': 'john'}}                             ~ aws:username=john                          ~ true",
    "COND ~ {'StringEquals': {'aws:username': 'john'}}                             ~ aws:username=John                          ~ false",
    "OPS  ~ {'StringNotEquals': {'aws:username': 'john'}}                          ~ aws:username=John                          ~ true",
    "OPS  ~ {'StringNotEquals': {'aws:username': 'john'}}                          ~ aws:username=john                          ~ false",
    "OPS  ~ {'StringEqualsIgnoreCase': {'aws:username': 'john'}}                   ~ aws:username=John                          ~ true",
    "OPS  ~ {'StringEqualsIgnoreCase': {'aws:username': 'john'}}                   ~ aws:username=johnny                        ~ false",
    "OPS  ~ {'StringNotEqualsIgnoreCase': {'aws:username': 'john'}}                ~ aws:username=jane                          ~ true",
    "OPS  ~ {'StringNotEqualsIgnoreCase': {'aws:username': 'john'}}                ~ aws:username=JOHN                          ~ false",
    // StringLike with a policy variable: the S3 home-directory example
    "OPS  ~ {'StringLike': {'s3:prefix': ['', 'home/', 'home/${aws:username}/']}}  ~ s3:prefix=home/johndoe/;aws:username=johndoe ~ true",
    "OPS  ~ {'StringLike': {'s3:prefix': ['', 'home/', 'home/${aws:username}/']}}  ~ s3:prefix=home/other/;aws:username=johndoe ~ false",
    "OPS  ~ {'StringLike': {'ec2:InstanceType': 't?.micro'}}                       ~ ec2:InstanceType=t2.micro                  ~ true",
    "OPS  ~ {'StringLike': {'ec2:InstanceType': 't?.micro'}}                       ~ ec2:InstanceType=t22.micro                 ~ false",
    "OPS  ~ {'StringLike': {'s3:prefix': 'a${*}'}}                                 ~ s3:prefix=a*                               ~ true",
    "OPS  ~ {'StringLike': {'s3:prefix': 'a${*}'}}                                 ~ s3:prefix=ab                               ~ false",
    "OPS  ~ {'StringNotLike': {'aws:PrincipalTag/team': 'ci-*'}}                   ~ aws:PrincipalTag/team=ops                  ~ true",
    "OPS  ~ {'StringNotLike': {'aws:PrincipalTag/team': 'ci-*'}}                   ~ aws:PrincipalTag/team=ci-runners           ~ false",
    // 'If the policy condition requires that the key is not matched ... and the key is not present, the condition is true'
    "OPS  ~ {'StringNotLike': {'aws:PrincipalTag/team': 'ci-*'}}                   ~ -                                         ~ true",
    // Numeric operators (s3:max-keys example and the table)
    "OPS  ~ {'NumericLessThanEquals': {'s3:max-keys': '10'}}                       ~ s3:max-keys=10                             ~ true",
    "OPS  ~ {'NumericLessThanEquals': {'s3:max-keys': '10'}}                       ~ s3:max-keys=11                             ~ false",
    "OPS  ~ {'NumericEquals': {'s3:max-keys': 10}}                                 ~ s3:max-keys=10.0                           ~ true",
    "OPS  ~ {'NumericEquals': {'s3:max-keys': 10}}                                 ~ s3:max-keys=11                             ~ false",
    "OPS  ~ {'NumericNotEquals': {'s3:max-keys': '10'}}                            ~ s3:max-keys=11                             ~ true",
    "OPS  ~ {'NumericNotEquals': {'s3:max-keys': '10'}}                            ~ s3:max-keys=10                             ~ false",
    "OPS  ~ {'NumericLessThan': {'s3:max-keys': '10'}}                             ~ s3:max-keys=9                              ~ true",
    "OPS  ~ {'NumericLessThan': {'s3:max-keys': '10'}}                             ~ s3:max-keys=10                             ~ false",
    "OPS  ~ {'NumericGreaterThan': {'s3:max-keys': '10'}}                          ~ s3:max-keys=11                             ~ true",
    "OPS  ~ {'NumericGreaterThan': {'s3:max-keys': '10'}}                          ~ s3:max-keys=10                             ~ false",
    "OPS  ~ {'NumericGreaterThanEquals': {'s3:max-keys': '10'}}                    ~ s3:max-keys=10                             ~ true",
    "OPS  ~ {'NumericGreaterThanEquals': {'s3:max-keys': '10'}}                    ~ s3:max-keys=9                              ~ false",
    // Date operators (aws:TokenIssueTime example; ISO 8601 or epoch seconds)
    "OPS  ~ {'DateGreaterThan': {'aws:TokenIssueTime': '2020-01-01T00:00:01Z'}}    ~ aws:TokenIssueTime=2020-06-01T00:00:00Z    ~ true",
    "OPS  ~ {'DateGreaterThan': {'aws:TokenIssueTime': '2020-01-01T00:00:01Z'}}    ~ aws:TokenIssueTime=2019-12-31T23:59:59Z    ~ false",
    "OPS  ~ {'DateGreaterThan': {'aws:TokenIssueTime': '2020-01-01T00:00:01Z'}}    ~ -                                         ~ false",
    "OPS  ~ {'DateEquals': {'aws:CurrentTime': '2020-01-01'}}                      ~ aws:CurrentTime=2020-01-01T00:00:00Z       ~ true",
    "OPS  ~ {'DateEquals': {'aws:CurrentTime': '2020-01-01'}}                      ~ aws:CurrentTime=2020-01-02T00:00:00Z       ~ false",
    "OPS  ~ {'DateNotEquals': {'aws:CurrentTime': '2020-01-01'}}                   ~ aws:CurrentTime=2020-01-02T00:00:00Z       ~ true",
    "OPS  ~ {'DateNotEquals': {'aws:CurrentTime': '2020-01-01'}}                   ~ aws:CurrentTime=2020-01-01T00:00:00Z       ~ false",
    "OPS  ~ {'DateLessThan': {'aws:EpochTime': '1577836800'}}                      ~ aws:EpochTime=1577836799                   ~ true",
    "OPS  ~ {'DateLessThan': {'aws:EpochTime': '1577836800'}}                      ~ aws:EpochTime=1577836800                   ~ false",
    "OPS  ~ {'DateLessThanEquals': {'aws:CurrentTime': '2020-01-01T00:00:00+01:00'}} ~ aws:CurrentTime=2019-12-31T23:00:00Z   ~ true",
    "OPS  ~ {'DateLessThanEquals': {'aws:CurrentTime': '2020-01-01T00:00:00+01:00'}} ~ aws:CurrentTime=2019-12-31T23:00:01Z   ~ false",
    "OPS  ~ {'DateGreaterThanEquals': {'aws:CurrentTime': '2020-01'}}              ~ aws:CurrentTime=2020-01-01T00:00:00Z       ~ true",
    "OPS  ~ {'DateGreaterThanEquals': {'aws:CurrentTime': '2020-01'}}              ~ aws:CurrentTime=2019-12-31T23:59:59Z       ~ false",
    // Bool (aws:SecureTransport example), Binary
    "OPS  ~ {'Bool': {'aws:SecureTransport': 'false'}}                             ~ aws:SecureTransport=false                  ~ true",
    "OPS  ~ {'Bool': {'aws:SecureTransport': 'false'}}                             ~ aws:SecureTransport=true                   ~ false",
    "OPS  ~ {'BinaryEquals': {'key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA=='}}              ~ key=QmluYXJ5VmFsdWVJbkJhc2U2NA==           ~ true",
    "OPS  ~ {'BinaryEquals': {'key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA=='}}              ~ -                                         ~ false",
    // IP address operators (aws:SourceIp examples, IPv4 and IPv6 mixed; an address alone is /32)
    "OPS  ~ {'IpAddress': {'aws:SourceIp': '203.0.113.0/24'}}                      ~ aws:SourceIp=203.0.113.7                   ~ true",
    "OPS  ~ {'IpAddress': {'aws:SourceIp': '203.0.113.0/24'}}                      ~ aws:SourceIp=198.51.100.7                  ~ false",
    "OPS  ~ {'IpAddress': {'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64']}} ~ aws:SourceIp=2001:db8:1234:5678::1 ~ true",
    "OPS  ~ {'IpAddress': {'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64']}} ~ aws:SourceIp=2001:db8:1234:5679::1 ~ false",
    "OPS  ~ {'IpAddress': {'aws:SourceIp': '203.0.113.7'}}                         ~ aws:SourceIp=203.0.113.8                   ~ false",
    "OPS  ~ {'NotIpAddress': {'aws:SourceIp': '203.0.113.0/24'}}                   ~ aws:SourceIp=198.51.100.7                  ~ true",
    "OPS  ~ {'NotIpAddress': {'aws:SourceIp': '203.0.113.0/24'}}                   ~ aws:SourceIp=203.0.113.7                   ~ false",
    // ARN operators: field by field, so the first * does not swallow 'us-east-2:999999999999:store/abc:' as StringLike does
    "OPS  ~ {'ArnLike': {'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*'}} ~ aws:SourceArn=arn:aws:someservice:us-east-2:111122223333:finance/document.txt ~ true",
    "OPS  ~ {'ArnLike': {'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*'}} ~ aws:SourceArn=arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt ~ false",
    "OPS  ~ {'StringLike': {'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*'}} ~ aws:SourceArn=arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt ~ true",
    "OPS  ~ {'ArnEquals': {'aws:SourceArn': 'arn:aws:sns:eu-west-2:123456789012:TOPIC-ID'}} ~ aws:SourceArn=arn:aws:sns:eu-west-2:123456789012:TOPIC-ID ~ true",
    "OPS  ~ {'ArnEquals': {'aws:SourceArn': 'arn:aws:sns:eu-west-2:123456789012:TOPIC-ID'}} ~ -                                  ~ false",
    "OPS  ~ {'ArnNotEquals': {'aws:SourceArn': 'arn:aws:sns:eu-west-2:123456789012:TOPIC-ID'}} ~ aws:SourceArn=arn:aws:sns:eu-west-2:123456789012:OTHER ~ true",
    "OPS  ~ {'ArnNotEquals': {'aws:SourceArn': 'arn:aws:sns:eu-west-2:123456789012:TOPIC-ID'}} ~ aws:SourceArn=arn:aws:sns:eu-west-2:123456789012:TOPIC-ID ~ false",
    "OPS  ~ {'ArnNotLike': {'aws:SourceArn': 'arn:aws:sns:*:123456789012:*'}}      ~ aws:SourceArn=arn:aws:sns:eu-west-2:999999999999:T ~ true",
    "OPS  ~ {'ArnNotLike': {'aws:SourceArn': 'arn:aws:sns:*:123456789012:*'}}      ~ aws:SourceArn=arn:aws:sns:eu-west-2:123456789012:T ~ false",
    // ...IfExists: the ec2:InstanceType example, and the plain form that 'does not work' without the key
    "OPS  ~ {'StringLikeIfExists': {'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*']}} ~ -                                         ~ true",
    "OPS  ~ {'StringLikeIfExists': {'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*']}} ~ ec2:InstanceType=t2.micro                  ~ true",
    "OPS  ~ {'StringLikeIfExists': {'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*']}} ~ ec2:InstanceType=c5.large                  ~ false",
    "OPS  ~ {'StringLike': {'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*']}}         ~ -                                         ~ false",
    // Null: true means the key is absent (aws:TokenIssueTime example), false that it is present
    "OPS  ~ {'Null': {'aws:TokenIssueTime': 'true'}}                               ~ -                                         ~ true",
    "OPS  ~ {'Null': {'aws:TokenIssueTime': 'true'}}                               ~ aws:TokenIssueTime=2020-01-01T00:00:00Z    ~ false",
    "OPS  ~ {'Null': {'aws:TokenIssueTime': false}}                                ~ aws:TokenIssueTime=2020-01-01T00:00:00Z    ~ true",
    "OPS  ~ {'Null': {'aws:TokenIssueTime': false}}                                ~ -                                         ~ false",
    // Set qualifiers: the DynamoDB attributes examples, and a request without the key
    "MULTI ~ {'ForAllValues:StringLike': {'dynamodb:requestedAttributes': ['PostDateTime', 'Message', 'Tags']}} ~ dynamodb:requestedAttributes=PostDateTime|Message ~ true",
    "MULTI ~ {'ForAllValues:StringLike': {'dynamodb:requestedAttributes': ['PostDateTime', 'Message', 'Tags']}} ~ dynamodb:requestedAttributes=PostDateTime|UserName ~ false",
    "MULTI ~ {'ForAllValues:StringLike': {'dynamodb:requestedAttributes': ['PostDateTime', 'Message', 'Tags']}} ~ - ~ true",
    "MULTI ~ {'ForAnyValue:StringLike': {'dynamodb:requestedAttributes': ['ID', 'PostDateTime']}} ~ dynamodb:requestedAttributes=UserName|Message|PostDateTime ~ true",
    "MULTI ~ {'ForAnyValue:StringLike': {'dynamodb:requestedAttributes': ['ID', 'PostDateTime']}} ~ dynamodb:requestedAttributes=UserName ~ false",
    "MULTI ~ {'ForAnyValue:StringLike': {'dynamodb:requestedAttributes': ['ID', 'PostDateTime']}} ~ - ~ false",
    "MULTI ~ {'ForAllValues:StringNotLike': {'aws:TagKeys': 'key1*'}}              ~ aws:TagKeys=key2:audit                     ~ true",
    "MULTI ~ {'ForAllValues:StringNotLike': {'aws:TagKeys': 'key1*'}}              ~ aws:TagKeys=key1:hr|key1:personnel         ~ false",
    "MULTI ~ {'ForAllValues:StringNotLike': {'aws:TagKeys': 'key1*'}}              ~ -                                         ~ true",
    "MULTI ~ {'ForAnyValue:StringEqualsIfExists': {'aws:TagKeys': 'env'}}          ~ -                                         ~ true",
    // Several values: OR; for a negated operator, AND (the value matches none of them)
    "LOGIC ~ {'StringEquals': {'aws:PrincipalTag/role': ['audit', 'security']}}    ~ aws:PrincipalTag/role=security             ~ true",
    "LOGIC ~ {'StringEquals': {'aws:PrincipalTag/role': ['audit', 'security']}}    ~ aws:PrincipalTag/role=dev                  ~ false",
    "LOGIC ~ {'StringNotEquals': {'aws:PrincipalTag/role': ['audit', 'security']}} ~ aws:PrincipalTag/role=dev                  ~ true",
    "LOGIC ~ {'StringNotEquals': {'aws:PrincipalTag/role': ['audit', 'security']}} ~ aws:PrincipalTag/role=security             ~ false",
    // Several keys and several operators: AND
    "LOGIC ~ {'StringEquals': {'aws:PrincipalTag/dept': 'eng', 'aws:PrincipalTag/team': 'ci'}} ~ aws:PrincipalTag/dept=eng;aws:PrincipalTag/team=ci ~ true",
    "LOGIC ~ {'StringEquals': {'aws:PrincipalTag/dept': 'eng', 'aws:PrincipalTag/team': 'ci'}} ~ aws:PrincipalTag/dept=eng;aws:PrincipalTag/team=ops ~ false",
    "LOGIC ~ {'StringEquals': {'aws:PrincipalTag/dept': 'eng'}, 'Bool': {'aws:SecureTransport': 'true'}} ~ aws:PrincipalTag/dept=eng;aws:SecureTransport=true ~ true",
    "LOGIC ~ {'StringEquals': {'aws:PrincipalTag/dept': 'eng'}, 'Bool': {'aws:SecureTransport': 'true'}} ~ aws:PrincipalTag/dept=eng;aws:SecureTransport=false ~ false",
    // Key names are case-insensitive: aws:SourceIP is AWS:SourceIp
    "COND ~ {'IpAddress': {'aws:SourceIP': '203.0.113.0/24'}}                      ~ AWS:SourceIp=203.0.113.9                   ~ true",
  })
  void operatorAsAwsDocumentsIt(String page, String condition, String request, boolean matches) {
    Conditions c = Conditions.parse(json(condition), true);
    assertThat(c.matches(request(request))).as("%s on %s (%s)", condition, request, page).isEqualTo(matches);
  }

  /** A policy of version 2008-10-17 has no policy variables: {@code ${aws:username}} is literal text. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void policyVariablesOnlyIn2012Policies(boolean version2012) {
    Conditions c = Conditions.parse(json("{'StringEquals': {'s3:prefix': 'home/${aws:username}'}}"), version2012);
    assertThat(c.matches(request("s3:prefix=home/johndoe;aws:username=johndoe"))).isEqualTo(version2012);
    assertThat(c.matches(request("s3:prefix=home/${aws:username};aws:username=johndoe"))).isEqualTo(!version2012);
  }

  /** IAM refuses these ("Invalid Condition type"), and so does the tool: a malformed policy, never an ignored condition. */
  @ParameterizedTest
  @ValueSource(strings = {"StringEqual", "stringEquals", "StringEquals ", "ForAllValues:Null", "NullIfExists",
      "ForAnyValue:ForAllValues:StringEquals", "ForAllValues:", "IfExists", "StringEqualsIfExistsIfExists"})
  void anOperatorIamDoesNotDefineIsMalformed(String operator) {
    assertThatThrownBy(() -> Conditions.parse(json("{'" + operator + "': {'aws:SourceAccount': '123456789012'}}"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a condition operator IAM defines");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '~', value = {
    "['StringEquals']                                          ~ Condition is not an object",
    "{'StringEquals': 'aws:SourceAccount'}                     ~ not an object of context keys",
    "{'StringEquals': {'aws:SourceAccount': {'a': 1}}}         ~ a condition value must be",
    "{'StringEquals': {'aws:SourceAccount': null}}             ~ a condition value must be",
    "{'NumericLessThan': {'s3:max-keys': 'ten'}}               ~ NumericLessThan is not a number",
    "{'DateGreaterThan': {'aws:CurrentTime': 'yesterday'}}     ~ DateGreaterThan is not an ISO 8601 date",
    "{'IpAddress': {'aws:SourceIp': '203.0.113.300/24'}}       ~ IpAddress is not an IP address or CIDR",
    "{'Bool': {'aws:SecureTransport': 'yes'}}                  ~ Bool is not true or false",
    "{'Null': {'aws:TokenIssueTime': 'maybe'}}                 ~ Null is not true or false",
  })
  void aBlockOrValueTheOperatorCannotReadIsMalformed(String condition, String message) {
    assertThatThrownBy(() -> Conditions.parse(json(condition), true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  static JsonNode json(String singleQuoted) {
    try {
      return Mappers.json().readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code key=v1|v2;key2=v}, or {@code -} for a request without any key. */
  static RequestContext request(String spec) {
    RequestContext r = RequestContext.EMPTY;
    if (spec.equals("-")) return r;
    for (String pair : spec.split(";")) {
      int eq = pair.indexOf('=');
      r = r.with(pair.substring(0, eq), pair.substring(eq + 1).split("\\|"));
    }
    return r;
  }
}
