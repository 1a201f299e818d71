package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;

import java.nio.file.Path;
import java.util.List;

/**
 * Wrong. The release job needs to create GitLab releases; someone pasted a project access token
 * into the task definition's {@code environment} ({@code GITLAB_API_TOKEN=glpat-...}) rather than
 * a {@code secrets} reference. The same container carries ordinary settings, and the build job
 * the ordinary random-looking variables of {@link OrdinaryCiVariables}: only the token is a
 * secret. A correct tool fails the release container (never showing the value).
 */
final class PlaintextGitlabToken extends CorpusEstate {
  /** A made-up token in GitLab's personal/project access token format ({@code glpat-} and 20 characters). */
  static final String TOKEN = "glpat-" + "Qm4sZ8pL2vX9kR7tN1wB";

  private String release;

  PlaintextGitlabToken() {
    super("bad-plaintext-gitlab-token");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").build();
    String build = p.jobDefinition("build", p.jobContainer("build").environment(OrdinaryCiVariables.variables(kit, p)).build());
    release = p.jobDefinition("release", p.jobContainer("release").environment(
        env("GITLAB_API_TOKEN", TOKEN), env("CHANGELOG_FILE", "CHANGELOG.md"), env("RELEASE_CLI_VERSION", "v0.18.0")).build());
    p.runJobs(build, 1);

    return p.writeConfigs(dir, build);
  }

  @Override
  List<String> plaintextSecrets() {
    return List.of(TOKEN);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(fail("FCA-IMAGES-008", container(release, "release")));
  }
}
