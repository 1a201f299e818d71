package dev.fargateciaudit.collect;

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
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * EFS: only the file systems CI task definitions mount, with their mount targets, the security
 * groups of those (DescribeMountTargetSecurityGroups), the file system policy ({@code
 * PolicyNotFound} means "no policy") and, when a task definition names one, the access points.
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

  @Override
  public void collect(Scan scan) {
    Map<FsRef, Boolean> refs = new LinkedHashMap<>();
    for (TaskDefinition td : scan.read(b -> List.copyOf(b.list(TaskDefinition.class)))) {
      for (TaskVolume v : td.volumes()) {
        if (v.efs() == null || v.efs().fileSystemId() == null) continue;
        refs.merge(new FsRef(td.region(), v.efs().fileSystemId()), v.efs().accessPointId() != null, Boolean::logicalOr);
      }
    }
    scan.forEach(refs.keySet(), ref -> collectFileSystem(scan, ref.region(), ref.id(), refs.get(ref)));
  }

  private void collectFileSystem(Scan scan, String region, String id, boolean accessPoints) {
    EfsClient efs = scan.clients().efs(region);
    var found = scan.callOrAbsent(S, "DescribeFileSystems", region, id, Set.of("FileSystemNotFound"),
        () -> efs.describeFileSystems(r -> r.fileSystemId(id)));
    if (found.isEmpty() || found.get().fileSystems().isEmpty()) return;
    var fs = found.get().fileSystems().get(0);
    var policy = scan.callOrAbsent(S, "DescribeFileSystemPolicy", region, id, Set.of("PolicyNotFound"),
        () -> efs.describeFileSystemPolicy(r -> r.fileSystemId(id)));
    Map<String, String> tags = new LinkedHashMap<>();
    fs.tags().forEach(t -> tags.put(t.key(), t.value()));
    EfsFileSystem record = new EfsFileSystem(fs.fileSystemId(), fs.fileSystemArn(), region, fs.name(),
        Boolean.TRUE.equals(fs.encrypted()), fs.kmsKeyId(), fs.lifeCycleStateAsString(),
        policy.map(p -> PolicyDecoder.parse(scan, S, "DescribeFileSystemPolicy", region, id, p.policy())).orElse(null),
        tags);
    scan.write(b -> b.add(record));

    List<software.amazon.awssdk.services.efs.model.MountTargetDescription> targets = new ArrayList<>();
    scan.pages(S, "DescribeMountTargets", region, id,
        () -> efs.describeMountTargetsPaginator(r -> r.fileSystemId(id)), p -> targets.addAll(p.mountTargets()));
    scan.forEach(targets, mt -> {
      List<String> groups = scan.call(S, "DescribeMountTargetSecurityGroups", region, mt.mountTargetId(),
              () -> efs.describeMountTargetSecurityGroups(r -> r.mountTargetId(mt.mountTargetId())))
          .map(r -> r.securityGroups()).orElse(List.of());
      scan.write(b -> b.add(new EfsMountTarget(mt.mountTargetId(), region, id, mt.subnetId(),
          mt.availabilityZoneName(), mt.ipAddress(), mt.networkInterfaceId(), new ArrayList<>(new TreeSet<>(groups)))));
    });
    if (accessPoints) {
      scan.pages(S, "DescribeAccessPoints", region, id,
          () -> efs.describeAccessPointsPaginator(r -> r.fileSystemId(id)),
          p -> scan.write(b -> p.accessPoints().forEach(a -> b.add(new EfsAccessPoint(
              a.accessPointId(), a.accessPointArn(), region, a.fileSystemId(),
              a.rootDirectory() == null ? null : a.rootDirectory().path(),
              a.posixUser() == null ? null : a.posixUser().uid())))));
    }
  }
}
