package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * IAM (global, once per account): the execution and task roles of the task definitions the ECS
 * collector found, each with its trust policy, inline policies and attached managed policies
 * (default version document); the runner's roles are read before, by {@link RunnerCollector}. A
 * role's reads start as soon as the ECS collector describes a task definition naming it; this
 * collector waits for them all and adds them to the inventory. A role or managed policy is read
 * once ({@link RoleReader}).
 */
public final class IamCollector implements Collector {
  static final String S = RoleReader.S;

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return RoleReader.ACTIONS;
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsCollector.S, RunnerCollector.NAME);
  }

  @Override
  public void collect(Scan scan) {
    RoleReader.read(scan, scan.read(b -> roleNames(b.list(TaskDefinition.class))));
  }

  /** The execution and task roles {@code taskDefinitions} name, by role name. */
  static Set<String> roleNames(List<TaskDefinition> taskDefinitions) {
    Set<String> roleNames = new LinkedHashSet<>();
    for (TaskDefinition td : taskDefinitions) {
      if (td.executionRoleArn() != null) roleNames.add(Arns.lastName(td.executionRoleArn()));
      if (td.taskRoleArn() != null) roleNames.add(Arns.lastName(td.taskRoleArn()));
    }
    return roleNames;
  }
}
