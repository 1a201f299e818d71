package dev.fargateciaudit.config;

import java.util.List;

/** @param allowedRegistries registry hosts, optionally with a namespace ({@code docker.io/my-org}) */
public record ImagesConfig(List<String> allowedRegistries) {
  public static final ImagesConfig DEFAULTS = new ImagesConfig(null);

  public ImagesConfig {
    allowedRegistries = allowedRegistries == null ? List.of() : List.copyOf(allowedRegistries);
  }
}
