package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A live scan writes records as answers arrive; the inventory it builds must not depend on that order. */
class InventoryBuilderOrderTest {
  private static EfsMountTarget mountTarget(String id, String region) {
    return new EfsMountTarget(id, region, "fs-1", "subnet-" + id, region + "a", "10.0.0.1", "eni-" + id, List.of("sg-1"));
  }

  private static IamRole role(String name) {
    return new IamRole("arn:aws:iam::123456789012:role/" + name, name, "/", null, List.of(), List.of(), null, null);
  }

  private static List<String> order(List<?> records) {
    return records.stream().map(r -> r instanceof EfsMountTarget m ? m.region() + " " + m.id()
        : r instanceof IamRole role ? role.name() : ((CollectionError) r).operation()).toList();
  }

  @Test
  void recordsWrittenInAnyOrderAreBuiltInTheOrderOfTheirIdentities() {
    List<Object> records = List.of(
        mountTarget("fsmt-b", "eu-west-2"), mountTarget("fsmt-a", "us-east-1"), mountTarget("fsmt-a", "eu-west-2"),
        role("runner"), role("ci-task"),
        new CollectionError("ecs", "ListTasks", "eu-west-2", "Throttling", "slow down", null),
        new CollectionError("ecs", "DescribeServices", "eu-west-2", "Throttling", "slow down", null));
    List<Object> reversed = new ArrayList<>(records);
    Collections.reverse(reversed);
    List<List<String>> built = new ArrayList<>();
    for (List<Object> written : List.of(records, reversed)) {
      InventoryBuilder b = new InventoryBuilder();
      b.addAll(written);
      b.sortByIdentity();
      Inventory inv = b.build();
      built.add(List.of(String.join(",", order(inv.efsMountTargets())), String.join(",", order(inv.iamRoles())),
          String.join(",", order(inv.collectionErrors()))));
    }

    assertThat(built.get(0)).containsExactly(
        "eu-west-2 fsmt-a,eu-west-2 fsmt-b,us-east-1 fsmt-a", "ci-task,runner", "DescribeServices,ListTasks");
    assertThat(built.get(1)).isEqualTo(built.get(0));
  }
}
