package dev.fargateciaudit.collect;

import dev.fargateciaudit.derive.SecretLookup;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.SecretReference;
import dev.fargateciaudit.inventory.SsmParameter;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/**
 * Parameter Store: the metadata of the parameters CI containers reference in
 * {@code secrets[].valueFrom} (by ARN, or by name in the task's region), with
 * {@code DescribeParameters} filtered by name, 50 names a call. Metadata only: never
 * {@code GetParameter(s)}, never a value, never a decryption.
 *
 * <p>A parameter of another account cannot be described from this one: it is recorded as a
 * collection error on the reference, so its rules are ERROR rather than "missing". A failed
 * call is recorded on each name it looked up, for the same reason.
 */
public final class SsmCollector implements Collector {
  static final String S = "ssm";
  /** Values of one {@code Name} filter, and results of one page, at most (the API's limits). */
  static final int NAMES_PER_CALL = 50;

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("ssm:DescribeParameters");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsCollector.S);
  }

  @Override
  public void collect(Scan scan) {
    Map<String, Set<String>> namesByRegion = new LinkedHashMap<>();
    for (TaskDefinition td : scan.read(b -> List.copyOf(b.list(TaskDefinition.class)))) {
      for (ContainerDefinition c : td.containers()) {
        for (SecretReference s : c.secrets()) {
          if (s.valueFrom() == null || s.valueFrom().isBlank()) continue;
          SecretLookup lookup = SecretLookup.ofValueFrom(s.valueFrom(), td.region());
          if (!lookup.parameterStore() || lookup.region() == null) continue;
          if (lookup.account() != null && !lookup.account().equals(scan.accountId())) {
            scan.recordError(S, "DescribeParameters", lookup.region(), lookup.lookup(), "OtherAccount",
                "a parameter of account " + lookup.account() + " cannot be described from account " + scan.accountId());
            continue;
          }
          namesByRegion.computeIfAbsent(lookup.region(), r -> new LinkedHashSet<>()).addAll(lookup.parameterNames());
        }
      }
    }
    namesByRegion.forEach((region, names) -> scan.forEach(S, region, Batches.of(names, NAMES_PER_CALL), batch -> describe(scan, region, batch)));
  }

  private static void describe(Scan scan, String region, List<String> names) {
    SsmClient ssm = scan.clients().ssm(region);
    List<SsmParameter> found = new ArrayList<>();
    boolean complete = scan.pages(S, "DescribeParameters", region, String.join(", ", names),
        () -> ssm.describeParametersPaginator(r -> r.maxResults(NAMES_PER_CALL)
            .parameterFilters(ParameterStringFilter.builder().key("Name").option("Equals").values(names).build())),
        p -> p.parameters().forEach(m -> found.add(parameter(m, region, scan.accountId(), scan.partition()))));
    if (!complete && names.size() > 1) {
      // The call's collection error names the batch: record each parameter it left unknown, so its rules are ERROR.
      for (String name : names) {
        if (found.stream().noneMatch(f -> name.equals(f.name()))) {
          scan.recordError(S, "DescribeParameters", region, name, "NotDescribed", "the call that looked it up failed");
        }
      }
    }
    scan.write(b -> b.addAll(found));
  }

  /** The record; ARN as AWS returns it, else as AWS forms it ({@code parameter} then the name, one slash between). */
  private static SsmParameter parameter(ParameterMetadata m, String region, String account, String partition) {
    String arn = m.arn() != null ? m.arn()
        : "arn:" + partition + ":ssm:" + region + ":" + account + ":parameter" + (m.name().startsWith("/") ? "" : "/") + m.name();
    return new SsmParameter(arn, m.name(), region, m.type() == null ? null : m.typeAsString(), m.keyId(),
        m.tier() == null ? null : m.tierAsString());
  }
}
