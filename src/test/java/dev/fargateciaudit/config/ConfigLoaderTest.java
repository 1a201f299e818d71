package dev.fargateciaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fargateciaudit.input.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static AuditConfig read(String yaml) {
    return ConfigLoader.read("audit.yml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static String error(String yaml) {
    try {
      read(yaml);
    } catch (BadInputException e) {
      return e.oneLine();
    }
    throw new AssertionError("accepted: " + yaml);
  }

  @Test
  void noConfigAndEmptyConfigMeanDefaults() {
    assertThat(ConfigLoader.load(null)).isEqualTo(AuditConfig.DEFAULTS);
    assertThat(read("")).isEqualTo(AuditConfig.DEFAULTS);
    assertThat(read("# only a comment\n")).isEqualTo(AuditConfig.DEFAULTS);
    assertThat(AuditConfig.DEFAULTS.network().sshSources()).isEmpty();
    assertThat(AuditConfig.DEFAULTS.ci().clusters()).isEmpty();
  }

  @Test
  void fullConfigOfTheArchitectureLoads() {
    AuditConfig cfg = read("""
        regions: [eu-west-2, us-gov-west-1]
        accounts:
          - id: "123456789012"
            roleArn: arn:aws:iam::123456789012:role/fargate-ci-audit
            externalId: optional
        ci:
          clusters: [gitlab-ci]
          taskDefinitionFamilies: [gitlab-ci-*]
          runnerConfig: /etc/gitlab-runner/fargate.toml
          runnerRole: arn:aws:iam::123456789012:role/gitlab-runner
        network:
          expectedEgressIps: [203.0.113.10, "2001:db8::1"]
          sshSources: [sg-0123456789abcdef0, 10.0.1.15/32]
          nfsSources: [sg-0a1b2c3d, 10.0.16.0/20, "2001:db8::/32"]
        images:
          allowedRegistries: [123456789012.dkr.ecr.eu-west-2.amazonaws.com, docker.io/my-org]
        """);
    assertThat(cfg.regions()).containsExactly("eu-west-2", "us-gov-west-1");
    assertThat(cfg.accounts()).containsExactly(new AccountConfig(
        "123456789012", "arn:aws:iam::123456789012:role/fargate-ci-audit", "optional"));
    assertThat(cfg.network().nfsSources()).hasSize(3);
    assertThat(cfg.images().allowedRegistries()).contains("docker.io/my-org");
  }

  @Test
  void unknownKeySuggestsTheClosestKnownOne() {
    assertThat(error("""
        regions: [eu-west-2]
        network:
          sshSources: [10.0.0.0/8]
          expectedEgresIps: [203.0.113.10]
        """)).isEqualTo("audit.yml:4:3: unknown key in network (did you mean 'expectedEgressIps'?)");
    assertThat(error("region: [eu-west-2]\n"))
        .isEqualTo("audit.yml:1:1: unknown key at the top level (did you mean 'regions'?)");
    assertThat(error("colour: blue\n")).startsWith("audit.yml:1:1: unknown key at the top level (expected one of [");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      regions: eu-west-2                              | audit.yml:1:10: wrong type at regions: a string (expected a list)
      ci:\\n  clusters: {a: 1}                         | audit.yml:2:13: wrong type at ci.clusters: a mapping (expected a list)
      network: [1]                                     | audit.yml:1:10: wrong type at network: a list (expected a mapping of keys to values)
      regions: [eu-west-2, ~]                          | audit.yml:1:22: empty entry in regions (expected a value in every list entry)
      regions: [Europe]                                | audit.yml:1:11: invalid region in regions (expected a region code such as eu-west-2)
      accounts: [{id: 12345}]                          | audit.yml:1:17: invalid account id in accounts (expected 12 digits, quoted so YAML keeps leading zeros: id: "012345678901")
      accounts:\\n  - id: "123456789012"\\n    roleArn: arn:aws:iam::123456789012:user/x | audit.yml:3:14: invalid role ARN in accounts (expected arn:aws:iam::ACCOUNT:role/NAME, ACCOUNT the account's id)
      accounts:\\n  - id: "123456789012"\\n    roleArn: arn:aws:iam::999999999999:role/x | audit.yml:3:14: role ARN in another account than the id beside it (expected a role in the account it audits)
      network:\\n  sshSources: [10.0.0.0/33]          | audit.yml:2:16: invalid source in network.sshSources (expected a CIDR such as 10.0.1.15/32 or a security group id such as sg-0123456789abcdef0)
      network:\\n  sshSources: [10.0.1.15]            | audit.yml:2:16: invalid source in network.sshSources (expected a CIDR: an address with /32 after it)
      network:\\n  nfsSources: [sg-xyz]               | audit.yml:2:16: invalid source in network.nfsSources (expected a CIDR such as 10.0.1.15/32 or a security group id such as sg-0123456789abcdef0)
      network:\\n  nfsSources: [10.0.16.1/20]         | audit.yml:2:16: CIDR in network.nfsSources has host bits set (expected the network's own address, its host bits zero)
      network:\\n  expectedEgressIps: [203.0.113.300] | audit.yml:2:23: invalid IP address in network.expectedEgressIps (expected a single IPv4 or IPv6 address such as 203.0.113.10)
      network:\\n  expectedEgressIps: [example.com]   | audit.yml:2:23: invalid IP address in network.expectedEgressIps (expected a single IPv4 or IPv6 address such as 203.0.113.10)
      images:\\n  allowedRegistries: ["https://x.io"] | audit.yml:2:23: invalid registry in images.allowedRegistries (expected a registry host without scheme, such as docker.io/my-org)
      regions: [a]\\nregions: [b]                      | audit.yml:2:8: duplicate key (expected each key once)
      a: &x [1]\\nregions: *x                          | audit.yml:2:10: YAML alias is not supported (expected the value written out)
      - just a list                                    | audit.yml:1:1: the config is not a mapping (expected keys such as regions:, ci:, network:)
      """)
  void badValuesArePositioned(String yaml, String expected) {
    assertThat(error(yaml.replace("\\n", "\n") + "\n")).isEqualTo(expected);
  }

  @Test
  void oversizedConfigFilesAreRejectedBeforeParsing() {
    byte[] yaml = ("# " + "x".repeat(300 * 1024) + "\nregions: [eu-west-2]\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ConfigLoader.read("audit.yml", yaml))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.oneLine())
            .isEqualTo(String.format("audit.yml: is %,d bytes (expected a config file of at most 256 KiB)", yaml.length)));
    byte[] toml = ("# " + "x".repeat(300 * 1024) + "\n[Fargate]\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> RunnerConfigReader.read("fargate.toml", toml, "config"))
        .isInstanceOf(BadInputException.class).hasMessageContaining("at most 256 KiB");
  }

  @Test
  void didYouMeanNeedsACloseName() {
    assertThat(dev.fargateciaudit.input.DidYouMean.suggest("nfsSource", List.of("sshSources", "nfsSources"))).isEqualTo("nfsSources");
    assertThat(dev.fargateciaudit.input.DidYouMean.suggest("zzzz", List.of("regions", "accounts"))).isNull();
  }
}
