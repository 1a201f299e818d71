package dev.fargateciaudit.collect;

import dev.fargateciaudit.inventory.EfsAccessPoint;
import dev.fargateciaudit.inventory.EfsMountTarget;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.TaskVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;

/**
 * Reads the EFS file systems task definitions mount, each once per scan, starting the moment a
 * task definition naming it is described ({@link #start}): DescribeFileSystems (a file system that
 * does not exist is read no further), then its policy, mount targets and (when a task definition
 * names one) access points together, then each mount target's security groups; three calls deep.
 * Every call runs as an EFS call task of its region ({@link CallLimits}) and none blocks there.
 */
final class FileSystemReader {
  private static final String S = EfsCollector.S;

  /** A file system in its region. Equality written out, as {@link CallLimits.Key}'s. */
  private record FsRef(String region, String id) {
    @Override
    public boolean equals(Object o) {
      return o instanceof FsRef r && Objects.equals(region, r.region) && Objects.equals(id, r.id);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(region) + Objects.hashCode(id);
    }
  }

  private final Scan scan;
  /** Each file system's description, null when it does not exist (or could not be described). */
  private final Map<FsRef, CompletableFuture<FileSystemDescription>> fileSystems = new ConcurrentHashMap<>();
  private final Set<FsRef> accessPointsRead = ConcurrentHashMap.newKeySet();
  private final PendingReads started = new PendingReads();

  FileSystemReader(Scan scan) {
    this.scan = scan;
  }

  /** Starts reading the file systems {@code td} mounts that no one asked for yet, and returns at once. */
  void start(TaskDefinition td) {
    for (TaskVolume v : td.volumes()) {
      if (v.efs() == null || v.efs().fileSystemId() == null) continue;
      FsRef ref = new FsRef(td.region(), v.efs().fileSystemId());
      CompletableFuture<FileSystemDescription> fs = fileSystems.computeIfAbsent(ref, this::read);
      if (v.efs().accessPointId() != null && accessPointsRead.add(ref)) {
        started.add(fs.thenCompose(found -> found == null ? CompletableFuture.completedFuture(null)
            : async(ref, () -> accessPoints(ref))));
      }
    }
  }

  /** Waits for every read started, those started while waiting included. */
  void await() {
    started.await();
  }

  private CompletableFuture<FileSystemDescription> read(FsRef ref) {
    CompletableFuture<FileSystemDescription> fs = async(ref, () -> scan.callOrAbsent(S, "DescribeFileSystems", ref.region(),
            ref.id(), Set.of("FileSystemNotFound"), () -> scan.clients().efs(ref.region()).describeFileSystems(r -> r.fileSystemId(ref.id())))
        .filter(r -> !r.fileSystems().isEmpty()).map(r -> r.fileSystems().get(0)).orElse(null));
    started.add(fs.thenCompose(found -> found == null ? CompletableFuture.completedFuture(null)
        : CompletableFuture.allOf(async(ref, () -> policy(ref, found)), async(ref, () -> mountTargets(ref))
            .thenCompose(targets -> CompletableFuture.allOf(targets.stream()
                .map(mt -> async(ref, () -> mountTarget(ref, mt))).toArray(CompletableFuture[]::new))))));
    return fs;
  }

  /** The file system policy ({@code PolicyNotFound}: none), then the file system's record. */
  private Void policy(FsRef ref, FileSystemDescription fs) {
    var policy = scan.callOrAbsent(S, "DescribeFileSystemPolicy", ref.region(), ref.id(), Set.of("PolicyNotFound"),
            () -> scan.clients().efs(ref.region()).describeFileSystemPolicy(r -> r.fileSystemId(ref.id())))
        .map(p -> PolicyDecoder.parse(scan, S, "DescribeFileSystemPolicy", ref.region(), ref.id(), p.policy()))
        .orElse(null);
    scan.write(b -> b.add(EfsCollector.fileSystem(ref.region(), fs, policy)));
    return null;
  }

  private List<MountTargetDescription> mountTargets(FsRef ref) {
    List<MountTargetDescription> mts = new ArrayList<>();
    EfsClient efs = scan.clients().efs(ref.region());
    scan.pages(S, "DescribeMountTargets", ref.region(), ref.id(),
        () -> efs.describeMountTargetsPaginator(r -> r.fileSystemId(ref.id())),
        p -> mts.addAll(p.mountTargets()));
    return mts;
  }

  /** A mount target's security groups, then its record. */
  private Void mountTarget(FsRef ref, MountTargetDescription mt) {
    List<String> ids = scan.call(S, "DescribeMountTargetSecurityGroups", ref.region(), mt.mountTargetId(),
            () -> scan.clients().efs(ref.region()).describeMountTargetSecurityGroups(r -> r.mountTargetId(mt.mountTargetId())))
        .map(r -> r.securityGroups()).orElse(List.of());
    scan.write(b -> b.add(new EfsMountTarget(mt.mountTargetId(), ref.region(), ref.id(), mt.subnetId(),
        mt.availabilityZoneName(), mt.ipAddress(), mt.networkInterfaceId(), new ArrayList<>(new TreeSet<>(ids)))));
    return null;
  }

  private Void accessPoints(FsRef ref) {
    String region = ref.region();
    EfsClient efs = scan.clients().efs(region);
    scan.pages(S, "DescribeAccessPoints", region, ref.id(),
        () -> efs.describeAccessPointsPaginator(r -> r.fileSystemId(ref.id())),
        p -> scan.write(b -> p.accessPoints().forEach(a -> b.add(new EfsAccessPoint(
            a.accessPointId(), a.accessPointArn(), region, a.fileSystemId(),
            a.rootDirectory() == null ? null : a.rootDirectory().path(),
            a.posixUser() == null ? null : a.posixUser().uid())))));
    return null;
  }

  private <T> CompletableFuture<T> async(FsRef ref, Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, scan.calls(S, ref.region()));
  }
}
