package dev.fargateciaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.EfsAccessPoint;
import dev.fargateciaudit.inventory.EfsFileSystem;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.TaskVolume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;

/**
 * EFS: only the file systems CI task definitions mount, with their mount targets, the security
 * groups of those (DescribeMountTargetSecurityGroups), the file system policy ({@code
 * PolicyNotFound} means "no policy") and, when a task definition names one, the access points.
 * Three calls deep: DescribeFileSystems (a file system that does not exist is read no further),
 * then its policy, mount targets and access points together, then each mount target's groups.
 */
public final class EfsCollector implements Collector {
  static final String S = "elasticfilesystem";

  @Override
  public String service() {
    return S;
  }

  @Override
  public Set<String> iamActions() {
    return Set.of("elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets",
        "elasticfilesystem:DescribeMountTargetSecurityGroups", "elasticfilesystem:DescribeFileSystemPolicy",
        "elasticfilesystem:DescribeAccessPoints");
  }

  @Override
  public List<String> dependsOn() {
    return List.of(EcsCollector.S);
  }

  private record FsRef(String region, String id) {}

  /** One call (or walk of pages) about a file system, a task of its region. */
  private record Step(String region, Runnable call) {}

  @Override
  public void collect(Scan scan) {
    Map<FsRef, Boolean> refs = new LinkedHashMap<>();
    for (TaskDefinition td : scan.read(b -> List.copyOf(b.list(TaskDefinition.class)))) {
      for (TaskVolume v : td.volumes()) {
        if (v.efs() == null || v.efs().fileSystemId() == null) continue;
        refs.merge(new FsRef(td.region(), v.efs().fileSystemId()), v.efs().accessPointId() != null, Boolean::logicalOr);
      }
    }
    Map<FsRef, software.amazon.awssdk.services.efs.model.FileSystemDescription> found = new ConcurrentHashMap<>();
    scan.forEach(S, FsRef::region, refs.keySet(), ref -> scan.callOrAbsent(S, "DescribeFileSystems", ref.region(), ref.id(),
            Set.of("FileSystemNotFound"), () -> scan.clients().efs(ref.region()).describeFileSystems(r -> r.fileSystemId(ref.id())))
        .filter(r -> !r.fileSystems().isEmpty())
        .ifPresent(r -> found.put(ref, r.fileSystems().get(0))));
    // What each file system that exists needs only its id for, all at once; then each mount target's groups.
    Map<FsRef, JsonNode> policies = new ConcurrentHashMap<>();
    Map<FsRef, List<MountTargetDescription>> targets = new ConcurrentHashMap<>();
    List<Step> byId = new ArrayList<>();
    for (FsRef ref : refs.keySet()) {
      if (!found.containsKey(ref)) continue;
      EfsClient efs = scan.clients().efs(ref.region());
      String region = ref.region(), id = ref.id();
      byId.add(new Step(region, () -> scan.callOrAbsent(S, "DescribeFileSystemPolicy", region, id, Set.of("PolicyNotFound"),
              () -> efs.describeFileSystemPolicy(r -> r.fileSystemId(id)))
          .map(p -> PolicyDecoder.parse(scan, S, "DescribeFileSystemPolicy", region, id, p.policy()))
          .ifPresent(d -> policies.put(ref, d))));
      byId.add(new Step(region, () -> {
        List<MountTargetDescription> mts = new ArrayList<>();
        scan.pages(S, "DescribeMountTargets", region, id,
            () -> efs.describeMountTargetsPaginator(r -> r.fileSystemId(id)), p -> mts.addAll(p.mountTargets()));
        targets.put(ref, mts);
      }));
      if (refs.get(ref)) {
        byId.add(new Step(region, () -> scan.pages(S, "DescribeAccessPoints", region, id,
            () -> efs.describeAccessPointsPaginator(r -> r.fileSystemId(id)),
            p -> scan.write(b -> p.accessPoints().forEach(a -> b.add(new EfsAccessPoint(
                a.accessPointId(), a.accessPointArn(), region, a.fileSystemId(),
                a.rootDirectory() == null ? null : a.rootDirectory().path(),
                a.posixUser() == null ? null : a.posixUser().uid())))))));
      }
    }
    scan.forEach(S, Step::region, byId, s -> s.call().run());
    found.forEach((ref, fs) -> scan.write(b -> b.add(fileSystem(ref.region(), fs, policies.get(ref)))));

    List<Step> groups = new ArrayList<>();
    targets.forEach((ref, mts) -> mts.forEach(mt -> groups.add(new Step(ref.region(), () -> {
      List<String> ids = scan.call(S, "DescribeMountTargetSecurityGroups", ref.region(), mt.mountTargetId(),
              () -> scan.clients().efs(ref.region()).describeMountTargetSecurityGroups(r -> r.mountTargetId(mt.mountTargetId())))
          .map(r -> r.securityGroups()).orElse(List.of());
      scan.write(b -> b.add(new EfsMountTarget(mt.mountTargetId(), ref.region(), ref.id(), mt.subnetId(),
          mt.availabilityZoneName(), mt.ipAddress(), mt.networkInterfaceId(), new ArrayList<>(new TreeSet<>(ids)))));
    }))));
    scan.forEach(S, Step::region, groups, s -> s.call().run());
  }

  private static EfsFileSystem fileSystem(String region, software.amazon.awssdk.services.efs.model.FileSystemDescription fs,
      JsonNode policy) {
    Map<String, String> tags = new LinkedHashMap<>();
    fs.tags().forEach(t -> tags.put(t.key(), t.value()));
    return new EfsFileSystem(fs.fileSystemId(), fs.fileSystemArn(), region, fs.name(),
        Boolean.TRUE.equals(fs.encrypted()), fs.kmsKeyId(), fs.lifeCycleStateAsString(), policy, tags);
  }
}
