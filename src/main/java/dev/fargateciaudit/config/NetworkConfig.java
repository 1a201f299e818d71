package dev.fargateciaudit.config;

import java.util.List;

/**
 * @param expectedEgressIps default (empty): "exactly one, whatever it is"
 * @param sshSources CIDRs or sg- ids; default (empty): the runner instance's security groups
 * @param nfsSources CIDRs or sg- ids; default (empty): the CI task security groups and CI subnets
 */
public record NetworkConfig(List<String> expectedEgressIps, List<String> sshSources, List<String> nfsSources) {
  public static final NetworkConfig DEFAULTS = new NetworkConfig(null, null, null);

  public NetworkConfig {
    expectedEgressIps = expectedEgressIps == null ? List.of() : List.copyOf(expectedEgressIps);
    sshSources = sshSources == null ? List.of() : List.copyOf(sshSources);
    nfsSources = nfsSources == null ? List.of() : List.copyOf(nfsSources);
  }
}
