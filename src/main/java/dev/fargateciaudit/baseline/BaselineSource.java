package dev.fargateciaudit.baseline;

import dev.fargateciaudit.findings.CiPipeline;
import dev.fargateciaudit.findings.FindingsDocument;
import dev.fargateciaudit.findings.FindingsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where {@code --baseline} comes from: a {@code findings.json} (or its folder), or
 * {@code gitlab:JOB:PATH}, the file {@code PATH} of job {@code JOB}'s artifacts in the latest
 * successful pipeline of a branch ({@code FCA_BASELINE_REF} when set, else the merge request's
 * target branch, else the default branch), read with GitLab's job artifacts API.
 * A GitLab baseline that is not there is not an error: the run goes on without one and says so.
 */
public final class BaselineSource {
  public static final String GITLAB_PREFIX = "gitlab:";

  /**
   * A baseline that was found, or why none was.
   *
   * @param document the baseline's findings; null when there is none
   * @param label where it came from, for the reports; or why there is none
   */
  public record Resolved(FindingsDocument document, String label) {
    public boolean found() {
      return document != null;
    }
  }

  private BaselineSource() {}

  /**
   * @throws IllegalArgumentException for a malformed {@code gitlab:} form or one used outside GitLab
   *     CI (exit code 2)
   * @throws dev.fargateciaudit.input.BadInputException for a baseline that is there but not findings
   */
  public static Resolved resolve(String spec, Map<String, String> env) throws InterruptedException {
    if (!spec.startsWith(GITLAB_PREFIX)) {
      Path file = Path.of(spec);
      return new Resolved(FindingsFile.read(file), Files.isDirectory(file) ? file.resolve(FindingsFile.NAME).toString() : spec);
    }
    GitLabArtifact artifact = artifact(spec, env);
    Path tmp;
    try {
      tmp = Files.createTempFile("fca-baseline-", ".json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      GitLabArtifact.Outcome outcome = artifact.download(env, tmp);
      if (outcome instanceof GitLabArtifact.Missing missing) return new Resolved(null, missing.reason());
      FindingsDocument doc = FindingsFile.read(tmp);
      CiPipeline from = doc.meta() == null ? null : doc.meta().pipeline();
      String label = artifact.path() + " of " + (from == null
          ? "the latest successful " + artifact.job() + " on " + artifact.ref()
          : from.describe());
      return new Resolved(doc, label);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // A temporary file left behind is harmless.
      }
    }
  }

  static GitLabArtifact artifact(String spec, Map<String, String> env) {
    String rest = spec.substring(GITLAB_PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0 || colon == rest.length() - 1) {
      throw new IllegalArgumentException("--baseline " + spec + ": expected gitlab:JOB:PATH, e.g. "
          + "gitlab:fca-scheduled-audit:reports/fargate-ci-audit/findings.json");
    }
    String ref = first(env, "FCA_BASELINE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_DEFAULT_BRANCH");
    List<String> missing = new java.util.ArrayList<>();
    for (String v : List.of("CI_API_V4_URL", "CI_PROJECT_ID")) if (blank(env.get(v))) missing.add(v);
    if (ref == null) missing.add("CI_MERGE_REQUEST_TARGET_BRANCH_NAME or CI_DEFAULT_BRANCH");
    if (blank(env.get("CI_JOB_TOKEN")) && blank(env.get("FCA_GITLAB_TOKEN"))) missing.add("CI_JOB_TOKEN");
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("--baseline " + spec + " reads GitLab CI's variables, and "
          + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not set (run it in a GitLab CI job)");
    }
    return new GitLabArtifact(env.get("CI_API_V4_URL"), env.get("CI_PROJECT_ID"), ref, rest.substring(0, colon),
        rest.substring(colon + 1));
  }

  private static String first(Map<String, String> env, String... names) {
    for (String n : names) if (!blank(env.get(n))) return env.get(n);
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
