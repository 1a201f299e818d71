package dev.fargateciaudit.baseline;

import dev.fargateciaudit.input.IoErrors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One file of a job's artifacts from the latest successful pipeline of a ref, through GitLab's job
 * artifacts API: {@code GET /projects/:id/jobs/artifacts/:ref_name/raw/*artifact_path?job=NAME}
 * (docs.gitlab.com, "Job artifacts API", "Download a single artifact file from specific tag or
 * branch"). Authenticated with the running job's {@code JOB-TOKEN: $CI_JOB_TOKEN}, or with
 * {@code PRIVATE-TOKEN} when {@code FCA_GITLAB_TOKEN} is set (a project access token with
 * {@code read_api}, for instances where the job token may not read this API).
 *
 * @param api {@code CI_API_V4_URL}
 * @param project {@code CI_PROJECT_ID}
 * @param ref the branch whose latest successful pipeline is asked
 * @param job the job name whose artifacts hold the file
 * @param path the file's path inside the artifacts
 */
public record GitLabArtifact(String api, String project, String ref, String job, String path) {

  /** What the API answered: the file, or why there is none. */
  public sealed interface Outcome permits Downloaded, Missing {}

  public record Downloaded(Path file) implements Outcome {}

  /** @param reason one line for the job log */
  public record Missing(String reason) implements Outcome {}

  public URI uri() {
    String file = Arrays.stream(path.split("/")).map(GitLabArtifact::encode).collect(Collectors.joining("/"));
    return URI.create(api.replaceAll("/+$", "") + "/projects/" + encode(project) + "/jobs/artifacts/" + encode(ref)
        + "/raw/" + file + "?job=" + encode(job));
  }

  /**
   * Downloads into {@code target}. 404 (no successful pipeline of the ref has the job, or its
   * artifacts expired) and 401/403 (the token may not read it) are {@link Missing}, as is a server
   * that cannot be reached: the caller decides how loud to be.
   */
  public Outcome download(Map<String, String> env, Path target) throws InterruptedException {
    String privateToken = env.get("FCA_GITLAB_TOKEN");
    String jobToken = env.get("CI_JOB_TOKEN");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(60)).GET();
    if (privateToken != null && !privateToken.isBlank()) request.header("PRIVATE-TOKEN", privateToken);
    else if (jobToken != null && !jobToken.isBlank()) request.header("JOB-TOKEN", jobToken);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    String what = path + " of job " + job + " on " + ref;
    try {
      HttpResponse<Path> response = client.send(request.build(), HttpResponse.BodyHandlers.ofFile(target));
      int status = response.statusCode();
      if (status == 200) return new Downloaded(target);
      Files.deleteIfExists(target);
      return new Missing(switch (status) {
        case 404 -> "no " + what + " (no successful pipeline of " + ref + " ran " + job
            + " with it yet, or its artifacts expired): HTTP 404";
        case 401, 403 -> "GitLab refused to give " + what + " to this job's token (HTTP " + status
            + "; set FCA_GITLAB_TOKEN to a project access token with read_api)";
        default -> "GitLab answered HTTP " + status + " for " + what;
      });
    } catch (IOException e) {
      return new Missing("could not reach the GitLab API at " + api + " for " + what + ": " + unreachable(e));
    }
  }

  /** Why the API could not be reached, in words: the HTTP client's exceptions often carry only their class. */
  private static String unreachable(IOException e) {
    if (e instanceof HttpTimeoutException) return "timed out";
    if (e instanceof UnknownHostException) return "unknown host";
    if (e instanceof FileSystemException) return IoErrors.oneLine(e);
    // The client's ConnectException has no message; its cause says "Connection refused".
    if (e.getMessage() == null || e.getMessage().isBlank()) return e instanceof ConnectException ? "connection refused" : "connection failed";
    return e.getMessage().strip().split("\\R", 2)[0];
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
