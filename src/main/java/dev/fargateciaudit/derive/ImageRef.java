package dev.fargateciaudit.derive;

import java.util.regex.Pattern;

/**
 * A container image reference split the way Docker resolves it: a first component with a dot,
 * colon or {@code localhost} is a registry host, otherwise the image is on Docker Hub
 * ({@code docker.io}, with {@code library/} for official images).
 *
 * @param kind {@code ecr} (private ECR), {@code ecr-public}, {@code dockerhub} or {@code other}
 */
public record ImageRef(String registry, String repository, String tag, String digest, String kind) {
  private static final Pattern ECR = Pattern.compile("^\\d{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$");

  public static ImageRef parse(String image) {
    String s = image == null ? "" : image.trim();
    String digest = "";
    int at = s.indexOf('@');
    if (at >= 0) {
      digest = s.substring(at + 1);
      s = s.substring(0, at);
    }
    String registry = "docker.io";
    int slash = s.indexOf('/');
    if (slash > 0) {
      String first = s.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        s = s.substring(slash + 1);
      }
    }
    String tag = "";
    int colon = s.lastIndexOf(':');
    if (colon >= 0) {
      tag = s.substring(colon + 1);
      s = s.substring(0, colon);
    }
    if (registry.equals("docker.io") && !s.contains("/")) s = "library/" + s;
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) registry = "docker.io";
    String kind;
    if (ECR.matcher(registry).matches()) kind = "ecr";
    else if (registry.equals("public.ecr.aws")) kind = "ecr-public";
    else if (registry.equals("docker.io")) kind = "dockerhub";
    else kind = "other";
    if (tag.isEmpty() && digest.isEmpty()) tag = "latest";
    return new ImageRef(registry, s, tag, digest, kind);
  }

  /** The account of a private ECR image's registry host ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}), else null. */
  public String ecrAccount() {
    return kind.equals("ecr") ? registry.substring(0, registry.indexOf('.')) : null;
  }

  /** The region of a private ECR image's registry host, else null: ECR serves each region's repositories from its own host. */
  public String ecrRegion() {
    return kind.equals("ecr") ? registry.split("\\.")[3] : null;
  }

  /**
   * The ARN of a private ECR image's repository in {@code partition}, else null: what a failed read
   * of it is recorded against, so that it is told from a same-named repository of another registry.
   */
  public String ecrRepositoryArn(String partition) {
    return kind.equals("ecr") ? ecrRepositoryArn(partition, ecrRegion(), ecrAccount(), repository) : null;
  }

  /** {@code arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME}, the ARN ECR gives a repository. */
  public static String ecrRepositoryArn(String partition, String region, String account, String name) {
    return String.join(":", "arn", partition, "ecr", region, account, "repository/" + name);
  }

  /** True when this image lies within {@code allowed}: a registry host, optionally with a namespace. */
  public boolean withinRegistry(String allowed) {
    String a = allowed.endsWith("/") ? allowed.substring(0, allowed.length() - 1) : allowed;
    String full = registry + "/" + repository;
    return registry.equals(a) || full.startsWith(a + "/");
  }
}
