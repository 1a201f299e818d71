package dev.fargateciaudit.derive;

import static dev.fargateciaudit.derive.FactType.Scalar.BOOL;
import static dev.fargateciaudit.derive.FactType.Scalar.INT;
import static dev.fargateciaudit.derive.FactType.Scalar.STRING;

import dev.fargateciaudit.derive.FactType.Fact;
import dev.fargateciaudit.derive.FactType.ListOf;
import dev.fargateciaudit.derive.FactType.MapOf;
import dev.fargateciaudit.derive.FactType.Struct;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts of each subject type, declared once: what {@link Derivation} (and {@link RoleFacts} for
 * roles) writes into {@link Subject#fields()}, what rules are type-checked against, what rule
 * fixtures may say and what docs/rules.md lists. A fact derive writes that is not declared here,
 * or one declared and not written, fails {@code DeclaredFactsTest}; a rule reading an undeclared
 * fact is rejected at load.
 *
 * <p>Every fact is always present: derive writes {@code ""}, {@code false}, {@code 0} or an empty
 * list for what the account does not say (see {@link FactType.Fact}).
 */
public final class SubjectFacts {
  private SubjectFacts() {}

  private static final FactType STRINGS = new ListOf(STRING);
  private static final String CONDITIONS_ANYONE_MEETS = "grants to everyone or to a service for any account whose conditions "
      + "would limit them but for names any account can choose: \"STATEMENT: KEY VALUE\"";
  private static final String DENIED_GRANTS = "grants to everyone, or to a service for any account, a Deny of the policy certainly "
      + "refuses: \"STATEMENT refused by DENY\", \"STATEMENT: SERVICE refused by DENY\"";
  private static final String SERVICE_DEPUTIES = "grants to an AWS service principal for any account's resource (no aws:SourceAccount, "
      + "aws:SourceArn or aws:SourceOrgID condition keeps it to this account's, no Deny refuses it): \"STATEMENT: SERVICE\"";

  private static Fact fact(String name, FactType type, String meaning) {
    return new Fact(name, type, meaning);
  }

  private static Struct struct(String name, Fact... facts) {
    return new Struct("fca." + name, List.of(facts));
  }

  /** A subject type's facts: its own, then those every subject has. */
  private static Struct subject(SubjectType type, Fact... facts) {
    List<Fact> all = new ArrayList<>(List.of(facts));
    all.add(fact("id", STRING, "the ARN where the resource has one, else its AWS id"));
    all.add(fact("name", STRING, "the resource's name"));
    all.add(fact("region", STRING, "the AWS region"));
    all.add(fact("planned", BOOL, "it comes from a --planned file"));
    all.add(fact("scope", STRINGS, "why it is in the CI scope, in the words of the findings"));
    return new Struct("fca." + type.label(), all);
  }

  // ------------------------------------------------------------- shared nested maps

  static final Struct PORT_MAPPING = struct("portMapping",
      fact("containerPort", INT, "the port the container listens on"),
      fact("hostPort", INT, "the host port (the container port when not given)"),
      fact("protocol", STRING, "tcp or udp, lower case (tcp when not given)"));

  static final Struct ENVIRONMENT_VARIABLE = struct("environmentVariable",
      fact("name", STRING, "the variable's name (its value is never kept)"),
      fact("classification", STRING, "what the value looked like: aws-access-key-id, aws-secret-access-key, private-key, token, url-credentials, connection-string, secret-name, high-entropy or plain"),
      fact("looksSecret", BOOL, "the classification is one of a secret"));

  static final Struct SECRET_REFERENCE = struct("secretReference",
      fact("name", STRING, "the variable the secret is injected as"),
      fact("valueFrom", STRING, "the Secrets Manager or Parameter Store reference, as written"));

  // ------------------------------------------------------------- ciTask

  static final Struct CI_TASK_CONTAINER = struct("ciTask.container",
      fact("name", STRING, "the container's name"),
      fact("image", STRING, "the image, as written"),
      fact("privileged", BOOL, "privileged is true"),
      fact("repositoryCredentials", STRING, "repositoryCredentials.credentialsParameter, or \"\""),
      fact("portMappings", new ListOf(PORT_MAPPING), "its port mappings"),
      fact("environment", new ListOf(ENVIRONMENT_VARIABLE), "its plaintext variables, classified, never their values"),
      fact("secrets", new ListOf(SECRET_REFERENCE), "its secrets[] references"));

  static final Struct CI_TASK_VOLUME = struct("ciTask.volume",
      fact("name", STRING, "the volume's name"),
      fact("efs", BOOL, "it is an EFS volume"),
      fact("fileSystemId", STRING, "the EFS file system, or \"\""),
      fact("fileSystemExists", BOOL, "that file system is in the inventory"),
      fact("transitEncryption", STRING, "ENABLED, DISABLED or \"\" (not set: disabled)"),
      fact("iam", STRING, "authorizationConfig.iam: ENABLED, DISABLED or \"\""),
      fact("accessPointId", STRING, "authorizationConfig.accessPointId, or \"\""));

  static final Struct CI_TASK_SERVICE = struct("ciTask.service",
      fact("arn", STRING, "the service's ARN"),
      fact("name", STRING, "the service's name"),
      fact("cluster", STRING, "its cluster's name"),
      fact("platformVersion", STRING, "its Fargate platform version"),
      fact("assignPublicIp", STRING, "ENABLED, DISABLED, or \"\" with no awsvpc configuration"),
      fact("subnets", STRINGS, "its subnets"),
      fact("securityGroups", STRINGS, "its security groups"),
      fact("plannedFile", STRING, "the --planned file it comes from, or \"\""),
      fact("plannedPointer", STRING, "the JSON pointer in that file, or \"\""));

  static final Struct CI_TASK_RUNNING = struct("ciTask.runningTask",
      fact("arn", STRING, "the task's ARN"),
      fact("cluster", STRING, "its cluster's name"),
      fact("lastStatus", STRING, "RUNNING, PENDING, ..."),
      fact("publicIps", STRINGS, "the public IPs of its ENIs"));

  static final Struct CI_TASK = subject(SubjectType.CI_TASK,
      fact("arn", STRING, "the task definition revision's ARN"),
      fact("family", STRING, "its family"),
      fact("revision", INT, "its revision number"),
      fact("status", STRING, "ACTIVE or INACTIVE"),
      fact("networkMode", STRING, "awsvpc, bridge, host or none"),
      fact("fargate", BOOL, "requiresCompatibilities contains FARGATE"),
      fact("executionRoleArn", STRING, "its execution role, or \"\""),
      fact("taskRoleArn", STRING, "its task role, or \"\""),
      fact("ciReasons", STRINGS, "why it is CI (the same sentences as scope)"),
      fact("containers", new ListOf(CI_TASK_CONTAINER), "its containers"),
      fact("volumes", new ListOf(CI_TASK_VOLUME), "its volumes"),
      fact("services", new ListOf(CI_TASK_SERVICE), "ECS services in CI clusters running this revision"),
      fact("runningTasks", new ListOf(CI_TASK_RUNNING), "tasks of this revision running in CI clusters"),
      fact("publicIps", STRINGS, "every public IP of its running tasks' ENIs"),
      fact("subnets", STRINGS, "the subnets of its services and running tasks"),
      fact("securityGroups", STRINGS, "the security groups of its services and running tasks"),
      fact("inRunnerConfig", BOOL, "it is the runner config's TaskDefinition"));

  // ------------------------------------------------------------- ecsService, ecsTask

  static final Struct ECS_SERVICE = subject(SubjectType.ECS_SERVICE,
      fact("arn", STRING, "the service's ARN"),
      fact("cluster", STRING, "its cluster's name"),
      fact("clusterArn", STRING, "its cluster's ARN"),
      fact("launchType", STRING, "FARGATE, EC2, ... or \"\" (capacity provider)"),
      fact("platformVersion", STRING, "its Fargate platform version"),
      fact("taskDefinitionArn", STRING, "the revision it runs"),
      fact("taskDefinition", STRING, "that revision as family:revision"),
      fact("desiredCount", INT, "its desired task count"),
      fact("assignPublicIp", STRING, "ENABLED, DISABLED, or \"\" with no awsvpc configuration"),
      fact("subnets", STRINGS, "its subnets"),
      fact("securityGroups", STRINGS, "its security groups"));

  static final Struct ECS_TASK_ENI = struct("ecsTask.eni",
      fact("id", STRING, "the network interface's id"),
      fact("subnetId", STRING, "its subnet"),
      fact("privateIp", STRING, "its private IPv4 address"),
      fact("publicIp", STRING, "its public IPv4 address, or \"\""),
      fact("securityGroups", STRINGS, "its security groups"));

  static final Struct ECS_TASK = subject(SubjectType.ECS_TASK,
      fact("arn", STRING, "the task's ARN"),
      fact("cluster", STRING, "its cluster's name"),
      fact("clusterArn", STRING, "its cluster's ARN"),
      fact("taskDefinitionArn", STRING, "the revision it runs"),
      fact("taskDefinition", STRING, "that revision as family:revision"),
      fact("lastStatus", STRING, "RUNNING, PENDING, ..."),
      fact("launchType", STRING, "FARGATE, EC2, ..."),
      fact("group", STRING, "family:NAME, or service:NAME for a service's task"),
      fact("startedBy", STRING, "who started it (gitlab-runner, ecs-svc/..., ...)"),
      fact("enis", new ListOf(ECS_TASK_ENI), "its network interfaces"),
      fact("publicIps", STRINGS, "the public IPs of its ENIs"));

  // ------------------------------------------------------------- container

  static final Struct CONTAINER = subject(SubjectType.CONTAINER,
      fact("image", STRING, "the image, as written"),
      fact("container", STRING, "the container's name"),
      fact("taskDefinition", STRING, "its task definition as family:revision"),
      fact("taskDefinitionArn", STRING, "its task definition's ARN"),
      fact("family", STRING, "its task definition's family"),
      fact("privileged", BOOL, "privileged is true"),
      fact("repositoryCredentials", STRING, "repositoryCredentials.credentialsParameter, or \"\""),
      fact("portMappings", new ListOf(PORT_MAPPING), "its port mappings"),
      fact("environment", new ListOf(ENVIRONMENT_VARIABLE), "its plaintext variables, classified, never their values"),
      fact("secrets", new ListOf(SECRET_REFERENCE), "its secrets[] references"),
      fact("registry", STRING, "the image's registry host (Docker's rules: a first component with a dot or colon)"),
      fact("repository", STRING, "the image's repository"),
      fact("tag", STRING, "its tag; latest when neither tag nor digest is given"),
      fact("digest", STRING, "its digest, or \"\""),
      fact("pinned", BOOL, "a digest, or a tag other than latest"),
      fact("registryKind", STRING, "ecr, ecr-public, dockerhub or other"),
      fact("ecrSameAccount", BOOL, "a private ECR registry of the audited account"),
      fact("ecrRepositoryExists", BOOL, "its ECR repository, of its registry's account and region, is in the inventory"),
      fact("ecrRepositoryPublic", BOOL, "that repository's policy grants to everyone"),
      fact("credentialsSecret", STRING, "the registry credentials' secret, or \"\""),
      fact("hasCredentials", BOOL, "it has registry credentials"),
      fact("credentialsSecretExists", BOOL, "their secret exists and is not scheduled for deletion"),
      fact("allowedRegistriesConfigured", BOOL, "images.allowedRegistries is set"),
      fact("allowedRegistry", BOOL, "the image is within images.allowedRegistries (host, or host/namespace)"),
      fact("private", BOOL, "private ECR of this account, or of another account listed in images.allowedRegistries, or credentials whose secret exists"));

  // ------------------------------------------------------------- ciSubnet

  static final Struct ROUTE = struct("ciSubnet.route",
      fact("kind", STRING, "the target: nat, igw, eigw, eni, tgw, ... or \"\" (no such route)"),
      fact("targetId", STRING, "the target's id, or \"\""),
      fact("state", STRING, "active or blackhole, or \"\""));

  static final Struct NAT_GATEWAY = struct("ciSubnet.natGateway",
      fact("id", STRING, "the NAT gateway the default route names, or \"\""),
      fact("exists", BOOL, "it is in the inventory"),
      fact("state", STRING, "available, pending, deleted, ... or \"\""),
      fact("connectivityType", STRING, "public or private, or \"\""),
      fact("subnetId", STRING, "the subnet it lives in, or \"\""),
      fact("subnetRoutesToIgw", BOOL, "that subnet routes 0.0.0.0/0 to an Internet Gateway"),
      fact("publicIps", STRINGS, "its Elastic IPs"),
      fact("hasElasticIp", BOOL, "it has at least one"));

  static final Struct CI_SUBNET = subject(SubjectType.CI_SUBNET,
      fact("vpcId", STRING, "its VPC"),
      fact("cidr", STRING, "its IPv4 CIDR"),
      fact("ipv6Cidrs", STRINGS, "its IPv6 CIDRs"),
      fact("mapPublicIpOnLaunch", BOOL, "the subnet gives instances a public IP"),
      fact("referencedBy", STRINGS, "what makes it CI: fargate.toml, service NAME, ..."),
      fact("routeTableId", STRING, "its explicit route table, else the VPC's main table"),
      fact("defaultRoute", ROUTE, "its 0.0.0.0/0 route"),
      fact("natGateway", NAT_GATEWAY, "the NAT gateway of that route"),
      fact("ipv6DefaultRoute", ROUTE, "its ::/0 route"),
      fact("egressIps", STRINGS, "the Elastic IPs of its NAT gateway"),
      fact("estateEgressIps", STRINGS, "the egress IPs of every CI subnet"),
      fact("expectedEgressIps", STRINGS, "network.expectedEgressIps of audit.yml"),
      fact("tasksGetPublicIp", BOOL, "EnablePublicIP, a service's assignPublicIp, or a task ENI with a public IP"));

  // ------------------------------------------------------------- securityGroup

  static final Struct INBOUND_RULE = struct("securityGroup.inbound",
      fact("protocol", STRING, "tcp, udp, icmp, ... or -1 (all)"),
      fact("fromPort", INT, "first port (0 for all protocols)"),
      fact("toPort", INT, "last port (65535 for all protocols)"),
      fact("sourceKind", STRING, "cidr4, cidr6, sg or prefixList"),
      fact("source", STRING, "the CIDR, group id or prefix list"),
      fact("description", STRING, "the rule's description, or \"\""),
      fact("ruleId", STRING, "the security group rule's id (sgr-...), or \"\" in an older snapshot"),
      fact("label", STRING, "how findings name the rule: tcp/22 from SOURCE (RULE-ID)"),
      fact("world", BOOL, "the source is 0.0.0.0/0 or ::/0"),
      fact("sshExpected", BOOL, "the source is an expected SSH source, or inside one"),
      fact("nfsExpected", BOOL, "the source is an expected NFS source, or inside one"));

  static final Struct SECURITY_GROUP = subject(SubjectType.SECURITY_GROUP,
      fact("groupName", STRING, "the group's name"),
      fact("vpcId", STRING, "its VPC"),
      fact("isTaskSg", BOOL, "attached to CI tasks"),
      fact("isEfsSg", BOOL, "attached to mount targets of CI file systems"),
      fact("inbound", new ListOf(INBOUND_RULE), "its inbound rules, one per source"),
      fact("unexpectedSsh", new ListOf(INBOUND_RULE), "the inbound rules that open SSH (all traffic, or ports that include 22, of any protocol) to a source that is not sshExpected"),
      fact("sshSources", STRINGS, "network.sshSources, else the runner instance's groups"),
      fact("nfsSources", STRINGS, "network.nfsSources, else CI task groups and CI subnet CIDRs"));

  // ------------------------------------------------------------- role

  static final Struct MANAGED_POLICY = struct("role.managedPolicy",
      fact("name", STRING, "the policy's name"),
      fact("arn", STRING, "its ARN"),
      fact("awsManaged", BOOL, "an AWS managed policy"),
      fact("broad", BOOL, "AdministratorAccess, PowerUserAccess, *FullAccess* or *ReadWrite*"),
      fact("summary", STRING, "what it grants broadly, for messages"));

  static final Struct STATEMENT = struct("role.statement",
      fact("policy", STRING, "the policy it belongs to"),
      fact("awsManaged", BOOL, "that policy is AWS managed"),
      fact("sid", STRING, "its Sid, or \"\""),
      fact("effect", STRING, "Allow or Deny"),
      fact("actions", STRINGS, "Action"),
      fact("notActions", STRINGS, "NotAction"),
      fact("resources", STRINGS, "Resource"),
      fact("notResources", STRINGS, "NotResource"),
      fact("conditions", new MapOf(new MapOf(STRINGS)), "Condition: operator -> key -> values"),
      fact("conditionKeys", STRINGS, "the condition keys it uses"));

  static final Struct BASELINE_POLICY = struct("role.baselinePolicy",
      fact("name", STRING, "the AWS managed policy's name"),
      fact("arn", STRING, "its ARN"),
      fact("documentedFor", STRING, "the kind of role AWS documents it for"),
      fact("reference", STRING, "the AWS page that documents it"),
      fact("broadActions", STRINGS, "the actions it grants on every resource"),
      fact("sensitiveActions", STRINGS, "the sensitive ones among them"),
      fact("summary", STRING, "what it grants, for messages"));

  static final Struct TRUST_PRINCIPAL = struct("role.trustPrincipal",
      fact("kind", STRING, "Service, AWS, Federated, * ... (\"NotPrincipal Service\" for a NotPrincipal)"),
      fact("value", STRING, "the principal"),
      fact("conditioned", BOOL, "its statement's conditions guard against the confused deputy"));

  static final Struct ROLE = subject(SubjectType.ROLE,
      fact("arn", STRING, "the role's ARN"),
      fact("kinds", STRINGS, "execution, task, runner"),
      fact("permissionsBoundary", STRING, "its permissions boundary, or \"\""),
      fact("managedPolicies", new ListOf(MANAGED_POLICY), "its managed policies"),
      fact("inlinePolicies", STRINGS, "its inline policies' names"),
      fact("baselinePolicies", new ListOf(BASELINE_POLICY), "AWS managed policies AWS documents for every kind of this role"),
      fact("statements", new ListOf(STATEMENT), "every statement of its policies, normalised"),
      fact("fullWildcardPolicies", STRINGS, "policies with Allow Action \"*\""),
      fact("fullWildcardStatements", STRINGS, "the statements behind fullWildcardPolicies"),
      fact("serviceWildcards", STRINGS, "\"s3:* in POLICY\", customer and inline policies only"),
      fact("serviceWildcardStatements", STRINGS, "the statements behind serviceWildcards"),
      fact("notActionAllowPolicies", STRINGS, "policies with Allow NotAction"),
      fact("notActionAllowStatements", STRINGS, "the statements behind notActionAllowPolicies"),
      fact("sensitiveOnStar", STRINGS, "sensitive actions on every resource, via which pattern"),
      fact("sensitiveOnStarStatements", STRINGS, "the statements behind sensitiveOnStar"),
      fact("imageReadOnStar", STRINGS, "ECR image reads (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) on every repository, via which pattern, AWS baseline policies included"),
      fact("imageReadOnStarStatements", STRINGS, "the statements behind imageReadOnStar"),
      fact("escalations", STRINGS, "IAM write actions and PassRole-on-every-role combinations"),
      fact("escalationStatements", STRINGS, "the statements behind escalations"),
      fact("passRoleGranted", BOOL, "some statement allows iam:PassRole"),
      fact("passRoleUnconditioned", BOOL, "some PassRole statement's conditions do not limit iam:PassedToService"),
      fact("passRoleServices", STRINGS, "the services the limiting conditions let a role be passed to"),
      fact("passRoleServiceStatements", STRINGS, "the statements behind passRoleServices"),
      fact("passRoleOutsideCi", STRINGS, "PassRole resources matching roles other than the CI task roles"),
      fact("passRoleOutsideCiStatements", STRINGS, "the statements behind passRoleOutsideCi"),
      fact("runTaskGranted", BOOL, "some statement allows ecs:RunTask"),
      fact("runTaskResources", STRINGS, "the RunTask resources"),
      fact("runTaskUnscoped", STRINGS, "RunTask resources beyond ci.taskDefinitionFamilies"),
      fact("runTaskUnscopedStatements", STRINGS, "the statements behind runTaskUnscoped"),
      fact("runTaskClusterScoped", BOOL, "every RunTask statement's conditions keep it to named clusters"),
      fact("runTaskAnyClusterStatements", STRINGS, "the RunTask statements not kept to named clusters"),
      fact("deniedGrants", STRINGS, "grants a Deny statement certainly refuses, left out of the facts above: \"GRANT (ALLOW) refused by DENY\""),
      fact("trustPrincipals", new ListOf(TRUST_PRINCIPAL), "who its trust policy lets assume it"),
      fact("expectedTrustService", STRING, "ec2.amazonaws.com, ecs-tasks.amazonaws.com or lambda.amazonaws.com for the runner (an EC2 instance, an ECS task or a Lambda function), ecs-tasks.amazonaws.com otherwise"),
      fact("unexpectedTrustPrincipals", STRINGS, "any other principal, and \"everyone but X (NotPrincipal)\""),
      fact("unexpectedTrustStatements", STRINGS, "the statements behind unexpectedTrustPrincipals"),
      fact("trustConditioned", BOOL, "every Allow trust statement guards against the confused deputy"),
      fact("unguardedTrustStatements", STRINGS, "the trust statements that do not"),
      fact("trustConditionsAnyoneMeets", STRINGS, "unguarded trust statements whose conditions would guard but for a source ARN "
          + "any account can choose: \"STATEMENT: KEY VALUE\""),
      fact("account", STRING, "the audited account"));

  // ------------------------------------------------------------- fileSystem

  static final Struct MOUNT_TARGET = struct("fileSystem.mountTarget",
      fact("id", STRING, "the mount target's id"),
      fact("subnetId", STRING, "its subnet"),
      fact("inCiSubnet", BOOL, "that subnet is a CI subnet"),
      fact("otherWorkloads", STRINGS, "other ENIs in a non-CI subnet"),
      fact("securityGroups", STRINGS, "its security groups"));

  static final Struct FILE_SYSTEM = subject(SubjectType.FILE_SYSTEM,
      fact("arn", STRING, "the file system's ARN"),
      fact("encrypted", BOOL, "encrypted at rest"),
      fact("kmsKeyId", STRING, "its KMS key, or \"\""),
      fact("lifeCycleState", STRING, "available, creating, ..."),
      fact("policyPublic", BOOL, "its policy grants to everyone, not narrowed to an account, organisation or network"),
      fact("policyServiceDeputies", STRINGS, SERVICE_DEPUTIES),
      fact("policyDeniedGrants", STRINGS, DENIED_GRANTS),
      fact("policyConditionsAnyoneMeets", STRINGS, CONDITIONS_ANYONE_MEETS),
      fact("mountTargets", new ListOf(MOUNT_TARGET), "its mount targets"),
      fact("mountTargetsOutsideCi", STRINGS, "mount targets in non-CI subnets where other ENIs live"),
      fact("usedBy", STRINGS, "the CI task definitions mounting it"));

  // ------------------------------------------------------------- secret, ecrRepository, runnerConfig

  static final Struct SECRET = subject(SubjectType.SECRET,
      fact("store", STRING, "secretsmanager or ssm"),
      fact("reference", STRING, "what it is looked up by"),
      fact("references", STRINGS, "every form the task definitions write"),
      fact("exists", BOOL, "found, and not scheduled for deletion"),
      fact("scheduledForDeletion", BOOL, "a Secrets Manager secret with a deletion date"),
      fact("parameterType", STRING, "String, StringList or SecureString for a parameter, else \"\""),
      fact("kmsKeyId", STRING, "its KMS key, or \"\""),
      fact("customerManagedKey", BOOL, "encrypted with a key other than an aws/ alias"),
      fact("policyPublic", BOOL, "a Secrets Manager resource policy that grants to everyone"),
      fact("policyServiceDeputies", STRINGS, SERVICE_DEPUTIES),
      fact("policyDeniedGrants", STRINGS, DENIED_GRANTS),
      fact("policyConditionsAnyoneMeets", STRINGS, CONDITIONS_ANYONE_MEETS),
      fact("usedBy", STRINGS, "task definition, container and variable of each use"));

  static final Struct ECR_REPOSITORY = subject(SubjectType.ECR_REPOSITORY,
      fact("arn", STRING, "the repository's ARN"),
      fact("uri", STRING, "its URI"),
      fact("policyPublic", BOOL, "its repository policy grants to everyone"),
      fact("policyServiceDeputies", STRINGS, SERVICE_DEPUTIES),
      fact("policyDeniedGrants", STRINGS, DENIED_GRANTS),
      fact("policyConditionsAnyoneMeets", STRINGS, CONDITIONS_ANYONE_MEETS),
      fact("scanOnPush", BOOL, "images are scanned on push"),
      fact("imageTagMutability", STRING, "MUTABLE or IMMUTABLE"),
      fact("encryptionType", STRING, "AES256 or KMS"));

  static final Struct RUNNER_CONFIG = subject(SubjectType.RUNNER_CONFIG,
      fact("cluster", STRING, "Cluster"),
      fact("clusterExists", BOOL, "that cluster is in the inventory"),
      fact("clusterAudited", BOOL, "it is in ci.clusters (or none is configured)"),
      fact("subnet", STRING, "Subnet"),
      fact("subnetExists", BOOL, "that subnet is in the inventory"),
      fact("securityGroup", STRING, "SecurityGroup"),
      fact("securityGroupExists", BOOL, "that group is in the inventory"),
      fact("taskDefinition", STRING, "TaskDefinition"),
      fact("taskDefinitionExists", BOOL, "an active revision (or the named one) is in the inventory"),
      fact("enablePublicIp", BOOL, "EnablePublicIP"),
      fact("usePublicIp", BOOL, "UsePublicIP"),
      fact("platformVersion", STRING, "PlatformVersion"),
      fact("sshPort", INT, "the SSH port (22 when absent)"),
      fact("sshUsername", STRING, "the SSH user name"),
      fact("usesEfs", BOOL, "some CI task definition has an EFS volume"));

  /** The declared facts of {@code type}'s subjects. */
  public static Struct of(SubjectType type) {
    return switch (type) {
      case CI_TASK -> CI_TASK;
      case ECS_SERVICE -> ECS_SERVICE;
      case ECS_TASK -> ECS_TASK;
      case CONTAINER -> CONTAINER;
      case CI_SUBNET -> CI_SUBNET;
      case SECURITY_GROUP -> SECURITY_GROUP;
      case ROLE -> ROLE;
      case FILE_SYSTEM -> FILE_SYSTEM;
      case SECRET -> SECRET;
      case ECR_REPOSITORY -> ECR_REPOSITORY;
      case RUNNER_CONFIG -> RUNNER_CONFIG;
    };
  }
}
