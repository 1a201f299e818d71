package dev.fargateciaudit.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** @param policy the file system policy, or null when there is none */
public record EfsFileSystem(
    String id,
    String arn,
    String region,
    String name,
    boolean encrypted,
    String kmsKeyId,
    String lifeCycleState,
    JsonNode policy,
    Map<String, String> tags) {
  public EfsFileSystem {
    tags = Lists.of(tags);
  }
}
