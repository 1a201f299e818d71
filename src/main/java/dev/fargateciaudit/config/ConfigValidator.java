package dev.fargateciaudit.config;

import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.LocatedTree;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the values of a bound {@code audit.yml} (shapes of regions, account ids, ARNs, addresses)
 * and reports the first problem at its position in the file.
 */
final class ConfigValidator {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern ROLE_ARN = Pattern.compile(
      "arn:aws(-[a-z]+)*:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  private static final Pattern SG_ID = Pattern.compile("sg-[0-9a-f]{8}([0-9a-f]{9})?");

  private final LocatedTree tree;

  private ConfigValidator(LocatedTree tree) {
    this.tree = tree;
  }

  static void validate(AuditConfig cfg, LocatedTree tree) {
    new ConfigValidator(tree).check(cfg);
  }

  private void check(AuditConfig cfg) {
    each("/regions", cfg.regions(), (p, r) -> {
      if (!REGION.matcher(r).matches()) {
        throw bad(p, "invalid region in regions (expected a region code such as eu-west-2)");
      }
    });
    for (int i = 0; i < cfg.accounts().size(); i++) checkAccount("/accounts/" + i, cfg.accounts().get(i));

    CiConfig ci = cfg.ci();
    each("/ci/clusters", ci.clusters(), (p, v) -> notBlank(p, v, "ci.clusters", "a cluster name or ARN"));
    each("/ci/taskDefinitionFamilies", ci.taskDefinitionFamilies(),
        (p, v) -> notBlank(p, v, "ci.taskDefinitionFamilies", "a family name or glob such as gitlab-ci-*"));
    if (ci.runnerConfig() != null) notBlank("/ci/runnerConfig", ci.runnerConfig(), "ci.runnerConfig", "a path to fargate.toml");
    if (ci.runnerRole() != null && !ROLE_ARN.matcher(ci.runnerRole()).matches()) {
      throw bad("/ci/runnerRole", "invalid role ARN in ci.runnerRole (expected arn:aws:iam::123456789012:role/NAME)");
    }

    NetworkConfig net = cfg.network();
    each("/network/expectedEgressIps", net.expectedEgressIps(), (p, v) -> {
      if (IpAddresses.parse(v).isEmpty()) {
        throw bad(p, "invalid IP address in network.expectedEgressIps"
            + " (expected a single IPv4 or IPv6 address such as 203.0.113.10)");
      }
    });
    each("/network/sshSources", net.sshSources(), (p, v) -> source(p, v, "network.sshSources"));
    each("/network/nfsSources", net.nfsSources(), (p, v) -> source(p, v, "network.nfsSources"));

    each("/images/allowedRegistries", cfg.images().allowedRegistries(), (p, v) -> {
      notBlank(p, v, "images.allowedRegistries", "a registry host");
      if (v.contains("://")) {
        throw bad(p, "invalid registry in images.allowedRegistries"
            + " (expected a registry host without scheme, such as docker.io/my-org)");
      }
    });
  }

  private void checkAccount(String p, AccountConfig a) {
    if (a.id() == null || !ACCOUNT_ID.matcher(a.id()).matches()) {
      throw bad(a.id() == null ? p : p + "/id", "invalid account id in accounts"
          + " (expected 12 digits, quoted so YAML keeps leading zeros: id: \"012345678901\")");
    }
    if (a.roleArn() != null) {
      var m = ROLE_ARN.matcher(a.roleArn());
      if (!m.matches()) {
        throw bad(p + "/roleArn", "invalid role ARN in accounts (expected arn:aws:iam::ACCOUNT:role/NAME, ACCOUNT the account's id)");
      }
      if (!m.group(2).equals(a.id())) {
        throw bad(p + "/roleArn", "role ARN in another account than the id beside it (expected a role in the account it audits)");
      }
    }
    if (a.externalId() != null && !EXTERNAL_ID.matcher(a.externalId()).matches()) {
      throw bad(p + "/externalId", "invalid externalId in accounts"
          + " (expected 2 to 1224 characters of letters, digits and +=,.@:/-)");
    }
  }

  private void source(String p, String v, String key) {
    if (SG_ID.matcher(v).matches()) return;
    Optional<IpAddresses.Cidr> cidr = IpAddresses.parseCidr(v);
    if (cidr.isPresent()) {
      if (cidr.get().hostBitsSet()) {
        throw bad(p, "CIDR in " + key + " has host bits set (expected the network's own address, its host bits zero)");
      }
      return;
    }
    String hint = IpAddresses.parse(v)
        .map(ip -> " (expected a CIDR: an address with " + (ip.getAddress().length == 4 ? "/32" : "/128") + " after it)")
        .orElse(" (expected a CIDR such as 10.0.1.15/32 or a security group id such as sg-0123456789abcdef0)");
    throw bad(p, "invalid source in " + key + hint);
  }

  private void notBlank(String p, String v, String key, String expected) {
    if (v.isBlank()) throw bad(p, "empty value in " + key + " (expected " + expected + ")");
  }

  private BadInputException bad(String pointer, String message) {
    return tree.error(tree.valuePosition(pointer), message);
  }

  private interface Check {
    void apply(String pointer, String value);
  }

  private static void each(String pointer, List<String> values, Check check) {
    for (int i = 0; i < values.size(); i++) check.apply(pointer + "/" + i, values.get(i));
  }
}
