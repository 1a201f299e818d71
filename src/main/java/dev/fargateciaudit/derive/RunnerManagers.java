package dev.fargateciaudit.derive;

import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.EcsService;
import dev.fargateciaudit.inventory.EcsTask;
import dev.fargateciaudit.inventory.EnvironmentVariable;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The GitLab Runner managers that run as ECS services or tasks (AWS's CDK sample and its forks,
 * pahud/cdk-gitlab, GovTechSG's module, CloudFormation templates), and their task roles: a manager
 * has no instance profile, its task role is the runner role. Only with a runner config: without
 * one, a GitLab Runner service may run its jobs in its own task (the shell executor, as
 * panelapp-infra's Terraform runner does), which makes it a CI task that starts nothing.
 *
 * <p>A task definition runs a runner manager when none of its containers is {@code ci-coordinator}
 * (the container the Fargate driver starts jobs in: that is a job) and one of its containers
 * <ul>
 *   <li>runs an image of a repository named {@code gitlab-runner} or with {@code gitlab-runner} as
 *       a whole word of its last path segment ({@code gitlab/gitlab-runner},
 *       {@code registry.gitlab.com/gitlab-org/gitlab-runner},
 *       {@code pahud/docker-gitlab-runner-fargate-driver}, {@code fargate-gitlab-runner}), but not
 *       the helper image ({@code gitlab-runner-helper}), which runs beside jobs; or
 *   <li>sets both {@code FARGATE_CLUSTER} and {@code FARGATE_REGION}, the driver's two required
 *       settings, which the managers' entrypoints render into {@code fargate.toml} (CDK assets and
 *       ECR repositories of any name, so the image says nothing). Only the variables' names are
 *       collected, so which cluster they name is not checked: the service is in a CI cluster.
 * </ul>
 * Anything less (a name merely containing {@code runner}, {@code gitlabrunner}) is not a manager:
 * a wrong runner role would judge FCA-IAM-009 to -012 on the wrong role, where none is a scope gap.
 */
public final class RunnerManagers {
  private RunnerManagers() {}

  /** A distinct task role of runner managers, and how the first manager using it was found. */
  public record ManagerRole(String roleArn, String reason) {}

  /** {@code gitlab-runner} as a whole word: between the segment's ends, {@code -}, {@code _} or {@code .}. */
  private static final Pattern RUNNER_WORD = Pattern.compile("(^|[-_.])gitlab-runner($|[-_.])");
  private static final Pattern HELPER = Pattern.compile("(^|[-_.])gitlab-runner-helper($|[-_.])");
  private static final Set<String> DRIVER_SETTINGS = Set.of("FARGATE_CLUSTER", "FARGATE_REGION");

  /**
   * The distinct task roles of the runner managers among {@code services} and {@code tasks} (pass
   * those of the CI clusters), in role-ARN order; services are looked at before tasks, each in ARN
   * order, so a role's reason names the same manager every run.
   */
  public static List<ManagerRole> taskRoles(List<EcsService> services, List<EcsTask> tasks,
      Function<String, TaskDefinition> tdByArn) {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (EcsService s : sorted(services, EcsService::arn)) {
      add(reasons, tdByArn.apply(s.taskDefinitionArn()), "service " + s.name());
    }
    for (EcsTask t : sorted(tasks, EcsTask::arn)) {
      add(reasons, tdByArn.apply(t.taskDefinitionArn()), "running task " + Facts.arnName(t.arn()));
    }
    List<ManagerRole> out = new ArrayList<>();
    reasons.forEach((role, reason) -> out.add(new ManagerRole(role, reason)));
    out.sort(Comparator.comparing(ManagerRole::roleArn));
    return List.copyOf(out);
  }

  private static void add(Map<String, String> reasons, TaskDefinition td, String workload) {
    if (td == null || td.taskRoleArn() == null) return;
    String why = why(td);
    if (why != null) {
      reasons.putIfAbsent(td.taskRoleArn(), "task role of " + workload + " (" + td.family() + ":" + td.revision() + "), which " + why);
    }
  }

  /** What says {@code td} runs a runner manager, or null when nothing does. */
  static String why(TaskDefinition td) {
    for (ContainerDefinition c : td.containers()) {
      if ("ci-coordinator".equals(c.name())) return null;
    }
    for (ContainerDefinition c : td.containers()) {
      if (runnerImage(c.image())) return "runs gitlab-runner image " + c.image();
    }
    for (ContainerDefinition c : td.containers()) {
      Set<String> names = new HashSet<>();
      for (EnvironmentVariable e : c.environment()) names.add(e.name());
      if (names.containsAll(DRIVER_SETTINGS)) {
        return "sets the Fargate driver's FARGATE_CLUSTER and FARGATE_REGION in container " + c.name();
      }
    }
    return null;
  }

  /** True for an image of GitLab Runner's own repository or one named after it, not its helper. */
  static boolean runnerImage(String image) {
    if (image == null || image.isBlank()) return false;
    String repository = ImageRef.parse(image).repository();
    if (repository == null) return false;
    String last = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return RUNNER_WORD.matcher(last).find() && !HELPER.matcher(last).find();
  }

  private static <T> List<T> sorted(List<T> items, Function<T, String> arn) {
    List<T> out = new ArrayList<>(items);
    out.sort(Comparator.comparing(arn, Comparator.nullsLast(Comparator.naturalOrder())));
    return out;
  }
}
