package dev.fargateciaudit.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.config.AuditConfig;
import dev.fargateciaudit.config.CiConfig;
import dev.fargateciaudit.config.NetworkConfig;
import dev.fargateciaudit.inventory.Inventory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A CI task group's {@code unexpectedSsh} (what FCA-PORTS-004 reports) is exactly its inbound rules that
 * let port 22 in, whatever the protocol, from a source that is not an expected SSH source.
 */
class UnexpectedSshTest {
  @Test
  void listsEveryRuleThatLetsPort22InFromAnUnexpectedSourceAndNoOther() {
    String service = """
        {"arn": "arn:aws:ecs:eu-west-2:%1$s:service/gitlab-ci/jobs", "name": "jobs", "region": "eu-west-2",
         "clusterArn": "%2$s", "taskDefinitionArn": "%3$sjobs:1", "desiredCount": 1,
         "network": {"subnets": ["subnet-1"], "securityGroups": ["sg-0tasks"]}}"""
        .formatted(CiScopeTest.ACCOUNT, CiScopeTest.CLUSTER, CiScopeTest.TD);
    String groups = """
        , "securityGroups": [{"id": "sg-0tasks", "region": "eu-west-2", "vpcId": "vpc-1", "name": "ci-tasks", "inbound": [
          {"protocol": "tcp", "fromPort": 22, "toPort": 22, "sourceKind": "sg", "source": "sg-0runner", "ruleId": "sgr-1"},
          {"protocol": "tcp", "fromPort": 22, "toPort": 22, "sourceKind": "cidr4", "source": "10.1.2.0/24", "ruleId": "sgr-2"},
          {"protocol": "tcp", "fromPort": 20, "toPort": 30, "sourceKind": "cidr4", "source": "10.0.0.0/16", "ruleId": "sgr-3"},
          {"protocol": "udp", "fromPort": 22, "toPort": 22, "sourceKind": "cidr4", "source": "0.0.0.0/0", "ruleId": "sgr-4"},
          {"protocol": "-1", "sourceKind": "cidr6", "source": "::/0"},
          {"protocol": "tcp", "fromPort": 23, "toPort": 443, "sourceKind": "cidr4", "source": "0.0.0.0/0", "ruleId": "sgr-6"},
          {"protocol": "tcp", "fromPort": 0, "toPort": 21, "sourceKind": "cidr4", "source": "0.0.0.0/0", "ruleId": "sgr-7"},
          {"protocol": "-1", "sourceKind": "sg", "source": "sg-0runner", "ruleId": "sgr-8"}]}]""";
    Inventory inv = CiScopeTest.estate(CiScopeTest.taskDefinition("jobs", 1, "ACTIVE", CiScopeTest.container("job", "")),
        service, null, groups);
    AuditConfig cfg = new AuditConfig(List.of("eu-west-2"), null, new CiConfig(List.of("gitlab-ci"), List.of(), null, null),
        new NetworkConfig(null, List.of("sg-0runner", "10.1.0.0/16"), null), null);

    Subject group = CiScopeTest.byId(Derivation.derive(inv, cfg), SubjectType.SECURITY_GROUP).get("sg-0tasks");

    assertThat(group.fields().get("isTaskSg")).isEqualTo(true);
    assertThat(((List<?>) group.fields().get("unexpectedSsh")).stream().map(r -> (Object) ((Map<?, ?>) r).get("label"))).containsExactly(
        "tcp/20-30 from 10.0.0.0/16 (sgr-3)", "udp/22 from 0.0.0.0/0 (sgr-4)", "all traffic from ::/0");
    assertThat((List<?>) group.fields().get("inbound")).hasSize(8);
  }
}
