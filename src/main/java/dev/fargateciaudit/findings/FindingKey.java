package dev.fargateciaudit.findings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finding's identity across runs: rule, account, region and the resource as it persists from one
 * run to the next. What drift ({@code diff}), {@code --baseline}, {@code merge} and the Code Quality
 * fingerprint compare.
 *
 * <ul>
 *   <li>A task-definition ARN loses its revision ({@code ...:task-definition/gitlab-ci-build:7#build}
 *       keys as {@code ...:task-definition/gitlab-ci-build#build}): registering a new revision, or
 *       planning one, changes the revision but not the thing a reviewer follows, so an unchanged
 *       failure on the new revision is not new and a fix on it is a fix.
 *   <li>The runner's {@code fargate.toml} keys by its type: an inventory holds one runner config, and
 *       a planned one replaces the configured one, so where either file lives (a CI build directory,
 *       the planned directory) does not change which resource it is.
 * </ul>
 */
public final class FindingKey {
  /** The resource type of the runner's driver config ({@code derive.SubjectType.RUNNER_CONFIG}). */
  public static final String RUNNER_CONFIG_TYPE = "GitLab::Runner::FargateConfig";

  private static final String TASK_DEFINITION = ":task-definition/";

  private FindingKey() {}

  /** {@code rule|account|region|resource}, the resource as {@link #stableResource} gives it. */
  public static String of(String ruleId, ResourceRef resource) {
    String acct = resource == null || resource.account() == null ? "" : resource.account();
    String region = resource == null || resource.region() == null ? "" : resource.region();
    return ruleId + "|" + acct + "|" + region + "|" + stableResource(resource);
  }

  /** The resource's id without what changes between runs of an unchanged estate (see the class comment). */
  public static String stableResource(ResourceRef resource) {
    if (resource == null) return "";
    if (RUNNER_CONFIG_TYPE.equals(resource.type())) return RUNNER_CONFIG_TYPE;
    return resource.id() == null ? "" : withoutRevision(resource.id());
  }

  /**
   * {@code id} with a task definition's revision cut out ({@code ...:task-definition/f:7#c} as
   * {@code ...:task-definition/f#c}): the first {@code :task-definition/FAMILY:DIGITS} (a family
   * without {@code :}, {@code /} or {@code #}) that ends the id or is followed by {@code #} loses its
   * {@code :DIGITS}; so does one followed by nothing but a line terminator. A scan,
   * not a regular expression: JUnit names every testcase with it.
   */
  public static String withoutRevision(String id) {
    for (int at = id.indexOf(TASK_DEFINITION); at >= 0; at = id.indexOf(TASK_DEFINITION, at + 1)) {
      int family = at + TASK_DEFINITION.length();
      int colon = family;
      while (colon < id.length() && ":/#".indexOf(id.charAt(colon)) < 0) colon++;
      if (colon == family || colon == id.length() || id.charAt(colon) != ':') continue;
      int end = colon + 1;
      while (end < id.length() && id.charAt(end) >= '0' && id.charAt(end) <= '9') end++;
      if (end > colon + 1 && (end == id.length() || id.charAt(end) == '#' || lineEnd(id, end))) {
        return new StringBuilder(id.length()).append(id, 0, colon).append(id, end, id.length()).toString();
      }
    }
    return id;
  }

  /** True when all that follows {@code i} is one line terminator. */
  private static boolean lineEnd(String id, int i) {
    String rest = id.substring(i);
    return rest.equals("\n") || rest.equals("\r\n") || rest.equals("\r") || rest.equals("\u0085")
        || rest.equals("\u2028") || rest.equals("\u2029");
  }

  /**
   * One finding per key, the one that speaks for it: a finding from a planned file (the change
   * replaces what it plans, so a planned revision that passes fixes the family's failure), else a
   * failing one (two revisions of a family in scope, one failing: the family fails), else the first.
   * Keys keep the order in which they first appear.
   */
  public static Map<String, Finding> representatives(Collection<Finding> findings) {
    Map<String, Finding> byKey = new LinkedHashMap<>();
    for (Finding f : findings) byKey.merge(f.key(), f, FindingKey::speaksFor);
    return byKey;
  }

  private static Finding speaksFor(Finding a, Finding b) {
    boolean aPlanned = planned(a);
    if (aPlanned != planned(b)) return aPlanned ? a : b;
    return !failing(a) && failing(b) ? b : a;
  }

  private static boolean planned(Finding f) {
    return f.source() != null && "planned".equals(f.source().kind());
  }

  /** {@code FAIL} or {@code WAIVED}: an accepted failure is still a failure. */
  public static boolean failing(Finding f) {
    return f != null && (f.status() == Status.FAIL || f.status() == Status.WAIVED);
  }
}
