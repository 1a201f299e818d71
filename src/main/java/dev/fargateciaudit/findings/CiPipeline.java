package dev.fargateciaudit.findings;

import java.util.Map;

/**
 * The GitLab CI pipeline and job a run was made in, from GitLab's predefined variables: what a later
 * gate names when it takes this run's findings.json as its baseline.
 */
public record CiPipeline(String id, String url, String source, String ref, String commit, String job) {

  /**
   * From {@code CI_PIPELINE_ID} and its siblings; null outside a GitLab CI job (no pipeline id).
   * Not keyed on {@code GITLAB_CI}, which local runners of .gitlab-ci.yml set to false.
   */
  public static CiPipeline fromEnvironment(Map<String, String> env) {
    if (env.get("CI_PIPELINE_ID") == null || env.get("CI_PIPELINE_ID").isBlank()) return null;
    return new CiPipeline(env.get("CI_PIPELINE_ID"), env.get("CI_PIPELINE_URL"), env.get("CI_PIPELINE_SOURCE"),
        env.get("CI_COMMIT_REF_NAME"), env.get("CI_COMMIT_SHA"), env.get("CI_JOB_NAME"));
  }

  /** {@code pipeline #123 (schedule on main, job fca-scheduled-audit) https://...}. */
  public String describe() {
    StringBuilder b = new StringBuilder("pipeline #").append(id);
    b.append(" (").append(source == null ? "?" : source).append(" on ").append(ref == null ? "?" : ref);
    if (job != null) b.append(", job ").append(job);
    b.append(')');
    if (url != null) b.append(' ').append(url);
    return b.toString();
  }
}
