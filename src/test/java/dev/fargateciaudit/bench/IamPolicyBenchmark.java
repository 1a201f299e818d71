package dev.fargateciaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.derive.PolicyStatement;
import dev.fargateciaudit.derive.iam.AccountScope;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import dev.fargateciaudit.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * IAM policy analysis: normalise every policy document of the estate's roles (scale/2 roles, three
 * policies each) into statements and test each for the sensitive actions the IAM rules look for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IamPolicyBenchmark {
  private static final List<String> SENSITIVE = List.of("secretsmanager:GetSecretValue", "ssm:GetParameters",
      "kms:Decrypt", "iam:PassRole", "s3:GetObject", "iam:AttachRolePolicy", "iam:PutRolePolicy", "ecs:RunTask");

  private static final AccountScope SCOPE = new AccountScope("aws", "123456789012", List.of("eu-west-2"));

  @Param({"1000"})
  int scale;

  List<String> names = new ArrayList<>();
  List<Boolean> managed = new ArrayList<>();
  List<JsonNode> documents = new ArrayList<>();

  @Setup
  public void setUp() {
    Inventory inventory = Estates.inventory(scale);
    for (IamRole r : inventory.iamRoles()) {
      for (AttachedPolicy p : r.attachedPolicies()) add(p.name(), p.awsManaged(), p.document());
      for (InlinePolicy p : r.inlinePolicies()) add(p.name(), false, p.document());
      add(r.name() + " trust", false, r.assumeRolePolicy());
    }
  }

  private void add(String name, boolean awsManaged, JsonNode document) {
    names.add(name);
    managed.add(awsManaged);
    documents.add(document);
  }

  @Benchmark
  public long analyse() {
    long hits = 0;
    for (int i = 0; i < documents.size(); i++) {
      for (PolicyStatement s : PolicyStatement.parse(names.get(i), managed.get(i), documents.get(i))) {
        for (String action : SENSITIVE) {
          if (s.allow() && s.grants(action) && s.everyResourceVia(action, SCOPE) != null) hits++;
        }
      }
    }
    return hits;
  }
}
