package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Bound strings are pooled by the value they decode to; policy documents are shared, compact and frozen. */
class ValuePoolTest {
  private static final String POLICY = """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "Pull", "Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"},
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
         "Resource": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:ci/registry-AbCdEf",
         "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}, "Priority": 1.5, "Enabled": true, "Note": null}]}
      """;

  @Test
  void boundStringsWithEscapesArePooledByTheirDecodedValue() throws IOException {
    ValuePool pool = new ValuePool();
    String json = "[{\"id\": \"vpc-\\u0031\", \"region\": \"eu-west-2\", \"cidrBlock\": \"10.0.0.0/16\", \"isDefault\": false},"
        + " {\"id\": \"vpc-2\", \"region\": \"eu-\\u0077est-2\", \"cidrBlock\": \"10.1.0.0/16\", \"isDefault\": false}]";
    Vpc[] vpcs = pool.reader(Vpc[].class).readValue(json);
    assertThat(vpcs[0].id()).isEqualTo("vpc-1");
    assertThat(vpcs[1].region()).isEqualTo("eu-west-2").isSameAs(vpcs[0].region());
    assertThat(pool.string(new String("eu-west-2"))).isSameAs(vpcs[0].region());
  }

  @Test
  void equalSettingsRecordsAndListsAreOneInstanceAndListsAreImmutable() throws IOException {
    ValuePool pool = new ValuePool();
    String eni = "{\"id\": \"eni-%d\", \"region\": \"eu-west-2\", \"vpcId\": \"vpc-1\", \"subnetId\": \"subnet-1\","
        + " \"privateIp\": \"10.0.0.%d\", \"securityGroupIds\": [\"sg-1\", \"sg-2\"], \"interfaceType\": \"interface\","
        + " \"status\": \"in-use\"}";
    NetworkInterface[] enis = pool.reader(NetworkInterface[].class)
        .readValue("[" + eni.formatted(1, 1) + ", " + eni.formatted(2, 2) + "]");
    assertThat(enis[0].securityGroupIds()).containsExactly("sg-1", "sg-2").isSameAs(enis[1].securityGroupIds());
    assertThatThrownBy(() -> enis[0].securityGroupIds().add("sg-3")).isInstanceOf(UnsupportedOperationException.class);

    String group = "{\"id\": \"sg-%d\", \"region\": \"eu-west-2\", \"vpcId\": \"vpc-1\", \"name\": \"ci-%d\", \"inbound\": ["
        + "{\"protocol\": \"tcp\", \"fromPort\": 22, \"toPort\": 22, \"sourceKind\": \"sg\", \"source\": \"sg-9\"},"
        + " {\"protocol\": \"tcp\", \"fromPort\": 2049, \"toPort\": 2049, \"sourceKind\": \"cidr\", \"source\": \"10.0.0.0/16\"}],"
        + " \"outbound\": [{\"protocol\": \"-1\", \"sourceKind\": \"cidr\", \"source\": \"0.0.0.0/0\"}]}";
    SecurityGroup[] groups = pool.reader(SecurityGroup[].class)
        .readValue("[" + group.formatted(1, 1) + ", " + group.formatted(2, 2) + "]");
    assertThat(groups[0]).isNotEqualTo(groups[1]);
    assertThat(groups[1].inbound()).isSameAs(groups[0].inbound());
    assertThat(groups[1].inbound().get(1)).isSameAs(groups[0].inbound().get(1));
    assertThat(groups[1].inbound().get(1).fromPort()).isEqualTo(2049);
    assertThat(groups[1].outbound()).isSameAs(groups[0].outbound());
    assertThat(groups[0].inbound()).isEqualTo(Mappers.json().readValue(group.formatted(1, 1), SecurityGroup.class).inbound());
  }

  @Test
  void aPooledDocumentReadsAndWritesAsTheDocumentItWasMadeFrom() throws IOException {
    JsonNode original = Mappers.json().readTree(POLICY);
    JsonNode pooled = new ValuePool().node(Mappers.json().readTree(POLICY));

    assertThat(pooled).isEqualTo(original);
    assertThat(original).isEqualTo(pooled);
    assertThat(pooled.hashCode()).isEqualTo(original.hashCode());
    // Members keep their order: the planned overlay and --save-snapshot write documents back out.
    assertThat(Mappers.json().writeValueAsString(pooled)).isEqualTo(Mappers.json().writeValueAsString(original));
    JsonNode statement = pooled.get("Statement").get(1);
    assertThat(statement.get("Condition").get("StringEquals").get("aws:SourceAccount").asText()).isEqualTo("123456789012");
    assertThat(statement.has("Sid")).isFalse();
    assertThat(statement.path("Sid").isMissingNode()).isTrue();
    assertThat(statement.get("Note").isNull()).isTrue();
    assertThat(statement.get("Priority").doubleValue()).isEqualTo(1.5);
    assertThat(statement.get("Enabled").booleanValue()).isTrue();
    assertThat(pooled.get("Statement").get(0).get("Action")).hasSize(2);
  }

  @Test
  void equalSubtreesOfDifferentDocumentsAreOneInstance() throws IOException {
    ValuePool pool = new ValuePool();
    JsonNode a = pool.node(Mappers.json().readTree(POLICY));
    JsonNode b = pool.node(Mappers.json().readTree(POLICY.replace("\"Pull\"", "\"Pull2\"")));

    assertThat(a).isNotEqualTo(b);
    assertThat(b.get("Statement").get(1)).isSameAs(a.get("Statement").get(1));
    assertThat(b.get("Statement").get(0).get("Action")).isSameAs(a.get("Statement").get(0).get("Action"));
    assertThat(b.get("Version")).isSameAs(a.get("Version"));
  }

  @Test
  void aPooledDocumentCannotBeChanged() throws IOException {
    JsonNode pooled = new ValuePool().node(Mappers.json().readTree(POLICY));
    ObjectNode document = (ObjectNode) pooled;
    ArrayNode statements = (ArrayNode) pooled.get("Statement");

    assertThatThrownBy(() -> document.put("Version", "2008-10-17")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> document.set("Id", TextNode.valueOf("x"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> document.remove("Statement")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> statements.add(TextNode.valueOf("x"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> statements.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((ObjectNode) statements.get(0)).put("Effect", "Deny"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(pooled.get("Version").asText()).isEqualTo("2012-10-17");
    assertThat(pooled.get("Statement")).hasSize(2);
  }
}
