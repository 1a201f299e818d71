package dev.fargateciaudit.planned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFolder;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.AttachedPolicy;
import dev.fargateciaudit.inventory.IamRole;
import dev.fargateciaudit.inventory.InlinePolicy;
import dev.fargateciaudit.inventory.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code iam.yml}: which role each planned policy file belongs to.
 *
 * <pre>
 * roles:
 *   - role: gitlab-ci-task-execution          # role name or ARN
 *     trustPolicy: trust.json                 # replaces the role's trust policy
 *     inlinePolicies:                         # replaces all inline policies
 *       ReadRegistrySecret: read-secret.json
 *     managedPolicies:                        # replaces all attached managed policies
 *       - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
 *       - arn: arn:aws:iam::123456789012:policy/ci-extra
 *         document: ci-extra.json             # a customer managed policy's planned document
 * </pre>
 *
 * A key that is left out keeps the role's current value. Policy paths are relative to the manifest.
 */
final class IamManifest {
  private static final Set<String> ROLE_KEYS = Set.of("role", "trustPolicy", "inlinePolicies", "managedPolicies");

  private IamManifest() {}

  static boolean isManifest(Path file) {
    String n = file.getFileName().toString();
    return n.equals("iam.yml") || n.equals("iam.yaml");
  }

  /** Applies the manifest; returns the policy files it read, so they are not read again as other kinds. */
  static Set<Path> apply(Path manifest, String display, InputFolder folder, PlannedContext ctx) {
    PositionedJson doc = PositionedJson.read(manifest, display, Mappers.yaml());
    JsonNode root = doc.root();
    if (!root.isObject() || !root.has("roles")) throw doc.error("", "iam.yml must be an object with 'roles' (a list of role entries)");
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("roles")) throw doc.keyError("/" + k, "unknown key (expected roles)");
    }
    JsonNode roles = root.get("roles");
    if (!roles.isArray()) throw doc.error("/roles", "roles must be a list");
    Set<Path> read = new TreeSet<>();
    PolicyPaths files = new PolicyPaths(folder, manifest.getParent(), display);
    for (int i = 0; i < roles.size(); i++) {
      role(doc, roles.get(i), "/roles/" + i, files, ctx, read);
    }
    return read;
  }

  private static void role(PositionedJson doc, JsonNode e, String at, PolicyPaths files, PlannedContext ctx, Set<Path> read) {
    if (!e.isObject()) throw doc.error(at, "a role entry must be an object");
    for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!ROLE_KEYS.contains(k)) throw doc.keyError(at + "/" + k, "unknown key (expected one of " + new TreeSet<>(ROLE_KEYS) + ")");
    }
    String role = TaskDefinitionFile.requiredText(doc, e, at, "role");
    String name = role.startsWith("arn:") ? role.substring(role.lastIndexOf('/') + 1) : role;
    List<IamRole> roles = ctx.inventory.list(IamRole.class);
    int index = -1;
    for (int i = 0; i < roles.size(); i++) {
      if (name.equals(roles.get(i).name()) || role.equals(roles.get(i).arn())) {
        index = i;
        break;
      }
    }
    IamRole old = index < 0 ? null : roles.get(index);
    String arn = old != null ? old.arn()
        : role.startsWith("arn:") ? role : "arn:" + ctx.partition() + ":iam::" + ctx.account() + ":role/" + name;

    JsonNode trust = old == null ? null : old.assumeRolePolicy();
    if (e.has("trustPolicy")) {
      trust = policy(doc, e.get("trustPolicy"), at + "/trustPolicy", files, IamPolicyGrammar.Kind.TRUST, read);
    }
    List<InlinePolicy> inline = old == null ? List.of() : old.inlinePolicies();
    if (e.has("inlinePolicies")) {
      JsonNode m = e.get("inlinePolicies");
      if (!m.isObject()) throw doc.error(at + "/inlinePolicies", "inlinePolicies must map policy names to files");
      inline = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        inline.add(new InlinePolicy(p.getKey(), policy(doc, p.getValue(), PositionedJson.child(at + "/inlinePolicies", p.getKey()),
            files, IamPolicyGrammar.Kind.IDENTITY, read)));
      }
    }
    List<AttachedPolicy> attached = old == null ? List.of() : old.attachedPolicies();
    if (e.has("managedPolicies")) {
      JsonNode list = e.get("managedPolicies");
      if (!list.isArray()) throw doc.error(at + "/managedPolicies", "managedPolicies must be a list of policy ARNs");
      attached = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        attached.add(managed(doc, list.get(i), at + "/managedPolicies/" + i, files, ctx, read));
      }
    }
    IamRole planned = new IamRole(arn, name, old == null ? "/" : old.path(), trust, attached, inline,
        old == null ? null : old.permissionsBoundaryArn(), Source.planned(files.display(), at));
    if (index < 0) roles.add(planned); else roles.set(index, planned);
  }

  private static AttachedPolicy managed(PositionedJson doc, JsonNode n, String at, PolicyPaths files, PlannedContext ctx, Set<Path> read) {
    String arn;
    JsonNode document = null;
    if (n.isTextual()) {
      arn = n.asText();
    } else if (n.isObject()) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!k.equals("arn") && !k.equals("document")) throw doc.keyError(at + "/" + k, "unknown key (expected arn, document)");
      }
      arn = TaskDefinitionFile.requiredText(doc, n, at, "arn");
      if (n.has("document")) document = policy(doc, n.get("document"), at + "/document", files, IamPolicyGrammar.Kind.IDENTITY, read);
    } else {
      throw doc.error(at, "a managed policy must be an ARN or {arn, document}");
    }
    if (!arn.matches("arn:[a-z-]+:iam::(aws|\\d{12}):policy/.+")) {
      throw doc.error(at, "not a managed policy ARN (expected arn:aws:iam::ACCOUNT|aws:policy/NAME)");
    }
    boolean awsManaged = arn.contains(":iam::aws:policy/");
    String name = arn.substring(arn.lastIndexOf('/') + 1);
    if (document != null) return new AttachedPolicy(arn, name, awsManaged, "planned", document);
    Optional<AttachedPolicy> known = ctx.original.iamRoles().stream()
        .flatMap(r -> r.attachedPolicies().stream())
        .filter(p -> arn.equals(p.arn()) && p.document() != null)
        .findFirst();
    // A policy the inventory has never seen keeps a null document: rules that need it report ERROR.
    return known.orElse(new AttachedPolicy(arn, name, awsManaged, null, null));
  }

  /** Where the manifest's policy paths lead: relative to it, and always inside the planned folder. */
  private record PolicyPaths(InputFolder folder, Path dir, String display) {}

  private static JsonNode policy(PositionedJson doc, JsonNode ref, String at, PolicyPaths files,
      IamPolicyGrammar.Kind kind, Set<Path> read) {
    if (!ref.isTextual() || ref.asText().isBlank()) throw doc.error(at, "expected the path of a policy JSON file");
    String path = ref.asText();
    Path file = files.dir().resolve(path).normalize();
    if (Path.of(path).isAbsolute() || !files.folder().contains(file)) {
      throw doc.error(at, "policy file '" + path + "' is outside the planned folder " + files.folder().path()
          + " (expected a path inside it, relative to " + files.display() + "; no absolute path, no link leading out)");
    }
    if (!Files.exists(file)) throw doc.error(at, "policy file '" + path + "' not found next to " + files.display());
    String shown = Path.of(files.display()).resolveSibling(path).normalize().toString();
    PositionedJson policy = PositionedJson.read(file, shown);
    IamPolicyGrammar.validate(policy, kind);
    read.add(InputFolder.identity(file));
    return policy.root();
  }

  static BadInputException unreferenced(String display) {
    return new BadInputException(display, 1, 1,
        "an IAM policy document that iam.yml does not reference (expected it listed under a role in iam.yml)");
  }
}
