package dev.fargateciaudit.collect;

import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The token a page of a paginated AWS response carries for the next request: {@code NextToken}
 * (EC2, ECS, EFS access points, Secrets Manager), {@code Marker} (IAM), {@code NextMarker} (EFS
 * mount targets), read from the SDK's own model of the response, so every paginator is covered.
 * The model names members as the wire does ({@code nextToken} in JSON, {@code NextToken} in XML).
 */
final class PageTokens {
  private static final List<String> NAMES = List.of("NextToken", "Marker", "NextMarker");

  private PageTokens() {}

  /** The page's next-page token, or null on the last page (or a response that has no token field). */
  static Object next(Object page) {
    if (!(page instanceof SdkPojo pojo)) return null;
    for (String name : NAMES) {
      for (SdkField<?> f : pojo.sdkFields()) {
        if (name.equalsIgnoreCase(f.memberName())) {
          Object token = f.getValueOrDefault(pojo);
          if (token != null && !"".equals(token)) return token;
        }
      }
    }
    return null;
  }
}
