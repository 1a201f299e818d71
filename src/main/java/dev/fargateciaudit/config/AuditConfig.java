package dev.fargateciaudit.config;

import java.util.List;

/**
 * {@code audit.yml}. Every key is optional; {@link #DEFAULTS} is what an absent file means.
 * Keys are camelCase and fixed by ARCHITECTURE.md.
 */
public record AuditConfig(
    List<String> regions,
    List<AccountConfig> accounts,
    CiConfig ci,
    NetworkConfig network,
    ImagesConfig images) {

  public static final AuditConfig DEFAULTS = new AuditConfig(null, null, null, null, null);

  public AuditConfig {
    regions = regions == null ? List.of() : List.copyOf(regions);
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    ci = ci == null ? CiConfig.DEFAULTS : ci;
    network = network == null ? NetworkConfig.DEFAULTS : network;
    images = images == null ? ImagesConfig.DEFAULTS : images;
  }
}
