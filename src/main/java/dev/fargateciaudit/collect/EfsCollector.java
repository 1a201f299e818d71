package dev.fargateciaudit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.EfsFileSystem;
import dev.fargateciaudit.inventory.TaskDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EFS: only the file systems CI task definitions mount, with their mount targets, the security
 * groups of those (DescribeMountTargetSecurityGroups), the file system policy ({@code
 * PolicyNotFound} means "no policy") and, when a task definition names one, the access points.
 * Each file system's reads start as soon as a task definition naming it is described ({@link
 * FileSystemReader}); this collector waits for them all.
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

  /**
   * Reads the file systems of every task definition, those the task definitions' reader started
   * as it described them included, and waits for them.
   */
  @Override
  public void collect(Scan scan) {
    FileSystemReader reader = scan.fileSystems();
    scan.read(b -> List.copyOf(b.list(TaskDefinition.class))).forEach(reader::start);
    reader.await();
  }

  static EfsFileSystem fileSystem(String region, software.amazon.awssdk.services.efs.model.FileSystemDescription fs,
      JsonNode policy) {
    Map<String, String> tags = new LinkedHashMap<>();
    fs.tags().forEach(t -> tags.put(t.key(), t.value()));
    return new EfsFileSystem(fs.fileSystemId(), fs.fileSystemArn(), region, fs.name(),
        Boolean.TRUE.equals(fs.encrypted()), fs.kmsKeyId(), fs.lifeCycleStateAsString(), policy, tags);
  }
}
