package dev.fargateciaudit.collect;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.Mappers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Policy documents as AWS returns them: IAM URL-encodes them (RFC 3986), other services and some
 * emulators return raw JSON, so only what is encoded is decoded.
 */
final class PolicyDecoder {
  private PolicyDecoder() {}

  /**
   * The parsed document, or null (with a collection error) when it is not JSON or not validly
   * URL-encoded: account data must never end the scan.
   */
  static JsonNode parse(Scan scan, String service, String operation, String region, String resource, String text) {
    if (text == null || text.isBlank()) return null;
    String json;
    try {
      json = text.stripLeading().startsWith("{") ? text : URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      scan.recordError(service, operation, region, resource, "MalformedPolicyDocument",
          "policy document is neither JSON nor URL-encoded JSON: " + e.getMessage());
      return null;
    }
    try {
      return Mappers.json().readTree(json);
    } catch (JacksonException e) {
      scan.recordError(service, operation, region, resource, "MalformedPolicyDocument",
          "policy document is not JSON: " + e.getOriginalMessage());
      return null;
    }
  }
}
