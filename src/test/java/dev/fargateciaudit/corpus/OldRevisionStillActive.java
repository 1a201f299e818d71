package dev.fargateciaudit.corpus;

import static dev.fargateciaudit.corpus.EstateKit.env;
import static dev.fargateciaudit.corpus.EstateKit.secretEnv;
import static dev.fargateciaudit.corpus.Expectation.fail;
import static dev.fargateciaudit.corpus.Resource.container;

import java.nio.file.Path;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Wrong. The release job's GitLab token was pasted into {@code environment} (revision 1), noticed,
 * "rotated" into another plaintext value (revision 2), and finally moved to Parameter Store
 * (revision 3, the latest). Revision 1 was deregistered; revision 2 was forgotten and is still
 * ACTIVE, so a job can still start it ({@code FARGATE_TASK_DEFINITION=gitlab-ci-release:2}): the
 * runner may start {@code task-definition/gitlab-ci-*:*}, every revision. A correct tool audits
 * every revision the runner may start and fails revision 2's container; an INACTIVE revision
 * cannot be started and is not CI.
 */
final class OldRevisionStillActive extends CorpusEstate {
  private String forgotten;

  OldRevisionStillActive() {
    super("bad-old-revision-still-active");
  }

  @Override
  Path build(EstateKit kit, Path dir) {
    Platform p = new Platform(kit, "gitlab-ci").build();
    String build = p.buildFamilyWithJobs();
    String first = p.jobDefinition("release", p.jobContainer("release")
        .environment(env("GITLAB_API_TOKEN", "glpat-" + "Vb7nR2xK9mQ4tL8wZ3pD")).build());
    forgotten = p.jobDefinition("release", p.jobContainer("release")
        .environment(env("GITLAB_API_TOKEN", "glpat-" + "Hc5yT1qN6sW0jF4kM8gA")).build());
    String token = kit.parameter("/gitlab-ci/release/gitlab-token", ParameterType.SECURE_STRING, null, "not-read-by-the-tool");
    kit.inline(p.name + "-task-execution", "read-release-token", """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"%s"}]}""".formatted(token));
    p.jobDefinition("release", p.jobContainer("release").secrets(secretEnv("GITLAB_API_TOKEN", token)).build());
    kit.aws.ecs.deregisterTaskDefinition(r -> r.taskDefinition(first));

    return p.writeConfigs(dir, build);
  }

  @Override
  Expectation expected() {
    return Expectation.gate(fail("FCA-IMAGES-008", container(forgotten, "release")));
  }
}
