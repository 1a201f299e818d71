package dev.fargateciaudit.findings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern TASK_DEFINITION_REVISION = Pattern.compile("(:task-definition/[^:/#]+):\\d+(?=#|$)");

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

  /** {@code id} with a task definition's revision cut out ({@code ...:task-definition/f:7#c} as {@code ...:task-definition/f#c}). */
  public static String withoutRevision(String id) {
    if (!id.contains(":task-definition/")) return id;
    // The first match without its revision: replaceFirst("$1") would parse the replacement each time.
    Matcher m = TASK_DEFINITION_REVISION.matcher(id);
    return m.find() ? id.substring(0, m.end(1)) + id.substring(m.end()) : id;
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
