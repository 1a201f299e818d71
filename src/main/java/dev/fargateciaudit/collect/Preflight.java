package dev.fargateciaudit.collect;

import dev.fargateciaudit.input.DidYouMean;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * What a live scan checks before it collects anything: every region is one AWS has, and the
 * credentials resolve and are accepted ({@code sts:GetCallerIdentity}, which needs no permission, so
 * only credentials that do not work fail it). A failure is one line and exit code 2: without it, a
 * missing credential or a misspelt region made every read fail and every rule ERROR, the cause only
 * in the HTML.
 */
public final class Preflight {
  /** The SDK's regions, and the shape of regions newer than this SDK (partition prefix, area, number). */
  private static final Set<String> KNOWN = Region.regions().stream().map(Region::id).collect(Collectors.toSet());
  private static final Pattern SHAPE = Pattern.compile("(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob|eusc)-[a-z]+-\\d+");

  private Preflight() {}

  /** @throws IllegalArgumentException naming the first region that is not one */
  public static void checkRegions(List<String> regions) {
    for (String r : regions) {
      if (KNOWN.contains(r) || SHAPE.matcher(r).matches()) continue;
      String near = DidYouMean.suggest(r, KNOWN.stream().filter(SHAPE.asMatchPredicate()).sorted().toList());
      throw new IllegalArgumentException("region '" + r + "' is not an AWS region"
          + (near == null ? " (expected a code such as eu-west-2)" : " (did you mean " + near + "?)")
          + "; regions come from --region, the config's regions, else AWS_REGION or the profile");
    }
  }

  /**
   * The account the credentials act in (after assuming the configured role, if any).
   *
   * @throws IllegalArgumentException when no credentials resolve or AWS refuses them
   */
  public static String callerAccount(AwsClients clients) {
    try {
      return clients.sts().getCallerIdentity().account();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      throw new IllegalArgumentException("AWS refused the credentials (sts:GetCallerIdentity: " + (code == null ? "HTTP " + e.statusCode() : code)
          + ": " + firstLine(message == null ? e.getMessage() : message) + ")");
    } catch (SdkClientException e) {
      throw new IllegalArgumentException("no usable AWS credentials (" + firstLine(e.getMessage()) + "); set AWS_PROFILE, "
          + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE");
    } catch (SdkException e) {
      throw new IllegalArgumentException("AWS credentials could not be checked: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "no detail";
    String one = s.strip().split("\\R", 2)[0];
    return one.length() > 300 ? one.substring(0, 300) + "..." : one;
  }
}
