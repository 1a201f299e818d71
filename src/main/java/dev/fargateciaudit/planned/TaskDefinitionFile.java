package dev.fargateciaudit.planned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.inventory.ContainerDefinition;
import dev.fargateciaudit.inventory.EfsVolumeConfiguration;
import dev.fargateciaudit.inventory.EnvironmentVariable;
import dev.fargateciaudit.inventory.MountPoint;
import dev.fargateciaudit.inventory.PortMapping;
import dev.fargateciaudit.inventory.SecretClassifier;
import dev.fargateciaudit.inventory.SecretReference;
import dev.fargateciaudit.inventory.Source;
import dev.fargateciaudit.inventory.TaskDefinition;
import dev.fargateciaudit.inventory.TaskVolume;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * A planned task definition: the JSON that {@code aws ecs register-task-definition --cli-input-json}
 * takes. It becomes the next revision of its family, exactly as registering it would make it.
 * Plaintext environment values are classified and dropped here.
 */
final class TaskDefinitionFile {
  private TaskDefinitionFile() {}

  static boolean looksLike(JsonNode root) {
    return root.isObject() && (root.has("containerDefinitions") || root.has("family"));
  }

  static TaskDefinition read(PositionedJson doc, PlannedContext ctx) {
    JsonNode root = doc.root();
    AwsShape.validate(doc, root, "", RegisterTaskDefinitionRequest.builder().build(), "task definition");
    String family = requiredText(doc, root, "", "family");
    JsonNode containers = root.path("containerDefinitions");
    if (!containers.isArray() || containers.isEmpty()) {
      throw doc.error("", "missing containerDefinitions (expected at least one container definition)");
    }
    var previous = ctx.latestRevision(family);
    int revision = previous.map(t -> t.revision() + 1).orElse(1);
    String region = previous.map(TaskDefinition::region).orElseGet(ctx::defaultRegion);
    String arn = "arn:" + ctx.partition() + ":ecs:" + (region == null ? "" : region) + ":" + ctx.account()
        + ":task-definition/" + family + ":" + revision;

    List<ContainerDefinition> defs = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) defs.add(container(doc, containers.get(i), "/containerDefinitions/" + i));

    List<TaskVolume> volumes = new ArrayList<>();
    JsonNode vols = root.path("volumes");
    for (int i = 0; i < vols.size(); i++) volumes.add(volume(vols.get(i)));

    return new TaskDefinition(
        arn, family, revision, region, "ACTIVE",
        text(root, "networkMode"),
        strings(root.path("requiresCompatibilities")),
        text(root, "cpu"), text(root, "memory"),
        text(root, "executionRoleArn"), text(root, "taskRoleArn"),
        defs, volumes,
        Source.planned(doc.file(), ""));
  }

  private static ContainerDefinition container(PositionedJson doc, JsonNode c, String at) {
    String name = requiredText(doc, c, at, "name");
    String image = requiredText(doc, c, at, "image");
    List<PortMapping> ports = new ArrayList<>();
    for (JsonNode p : c.path("portMappings")) {
      ports.add(new PortMapping(integer(p, "containerPort"), integer(p, "hostPort"), text(p, "protocol")));
    }
    List<EnvironmentVariable> env = new ArrayList<>();
    for (JsonNode e : c.path("environment")) {
      String n = text(e, "name");
      env.add(new EnvironmentVariable(n, SecretClassifier.classify(n, text(e, "value"))));
    }
    List<SecretReference> secrets = new ArrayList<>();
    for (JsonNode s : c.path("secrets")) secrets.add(new SecretReference(text(s, "name"), text(s, "valueFrom")));
    List<MountPoint> mounts = new ArrayList<>();
    for (JsonNode m : c.path("mountPoints")) {
      mounts.add(new MountPoint(text(m, "sourceVolume"), text(m, "containerPath"), bool(m, "readOnly")));
    }
    return new ContainerDefinition(
        name, image,
        text(c.path("repositoryCredentials"), "credentialsParameter"),
        ports, env, secrets, mounts,
        bool(c, "privileged"), bool(c, "readonlyRootFilesystem"), bool(c, "essential"),
        text(c.path("logConfiguration"), "logDriver"),
        text(c, "user"));
  }

  private static TaskVolume volume(JsonNode v) {
    JsonNode efs = v.get("efsVolumeConfiguration");
    if (efs == null || efs.isNull()) return new TaskVolume(text(v, "name"), null);
    JsonNode auth = efs.path("authorizationConfig");
    return new TaskVolume(text(v, "name"), new EfsVolumeConfiguration(
        text(efs, "fileSystemId"), text(efs, "rootDirectory"), text(efs, "transitEncryption"),
        integer(efs, "transitEncryptionPort"), text(auth, "accessPointId"), text(auth, "iam")));
  }

  static String requiredText(PositionedJson doc, JsonNode node, String at, String key) {
    String v = text(node, key);
    if (v == null || v.isBlank()) throw doc.error(at, "missing " + key + " (expected a non-empty string)");
    return v;
  }

  static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Integer integer(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v.asInt();
  }

  private static Boolean bool(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v.asBoolean();
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) out.add(n.asText());
    return out;
  }
}
