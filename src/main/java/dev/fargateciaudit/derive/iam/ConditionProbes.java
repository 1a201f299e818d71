package dev.fargateciaudit.derive.iam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a statement's conditions narrow it the way a check needs, decided by evaluating them on
 * probe requests, never by a value merely being present. A condition narrows a question's keys
 * when its clauses on those keys reject a request without the keys and a request whose values
 * come from outside (another service, another account, a cluster or organisation nobody named);
 * clauses on other keys are taken to hold ({@link Conditions#rejectsEach}). So
 * {@code StringNotEquals iam:PassedToService ec2.amazonaws.com} (a request without the key passes),
 * {@code Null aws:SourceAccount true} and {@code StringLike aws:SourceArn *} narrow nothing.
 */
public final class ConditionProbes {
  private ConditionProbes() {}

  public static final String ECS_TASKS = "ecs-tasks.amazonaws.com";
  private static final String PASSED_TO_SERVICE = "iam:PassedToService";
  /** Services a passed role could go to besides ECS tasks: ECS itself, two common ones, and one nobody runs. */
  private static final List<String> OTHER_SERVICES = List.of(
      "ecs.amazonaws.com", "ec2.amazonaws.com", "lambda.amazonaws.com", AccountScope.UNCHOSEN + ".amazonaws.com");

  private static final List<RequestContext> PASSED_TO_NOBODY = List.of(RequestContext.EMPTY,
      RequestContext.of(PASSED_TO_SERVICE, AccountScope.UNCHOSEN + ".amazonaws.com"));

  private static final List<String> SOURCE_KEYS = List.of("aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths");

  /**
   * The keys that say who is asking and from where: a resource policy's grant to everyone is not
   * public when these narrow it (what Amazon EFS calls non-public: "fixed values of ... aws:SourceIp,
   * an AWS principal, aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
   * aws:SourceAccount, elasticfilesystem:AccessedViaMountTarget, aws:userid").
   */
  private static final List<String> WHO_AND_WHERE_KEYS = List.of(
      "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:userid",
      "aws:username", "aws:PrincipalServiceName", "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce",
      "aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths",
      "elasticfilesystem:AccessedViaMountTarget");
  /** Public addresses no narrow allow-list holds, one per half of the IPv4 space, and one IPv6. */
  private static final List<String> PUBLIC_ADDRESSES = List.of("23.192.0.1", "146.148.0.1", "2a0b:4340::1");

  /**
   * True when the conditions let a role be passed only to services they name: a PassRole request
   * without {@code iam:PassedToService}, or for a service nobody runs, is rejected.
   */
  public static boolean limitsPassedToService(Conditions c) {
    return c.rejectsEach(List.of(PASSED_TO_SERVICE), PASSED_TO_NOBODY);
  }

  /** The services, among ECS tasks, the ones the conditions name and {@link #OTHER_SERVICES}, a role may be passed to. */
  public static List<String> servicesPassedTo(Conditions c) {
    Set<String> candidates = new LinkedHashSet<>();
    candidates.add(ECS_TASKS);
    for (String v : c.namedValues(PASSED_TO_SERVICE)) {
      if (!v.contains("*") && !v.contains("?") && !v.contains("${")) candidates.add(v);
    }
    candidates.addAll(OTHER_SERVICES);
    List<String> out = new ArrayList<>();
    for (String s : candidates) {
      if (!c.rejectsEach(List.of(PASSED_TO_SERVICE), List.of(RequestContext.of(PASSED_TO_SERVICE, s)))) out.add(s);
    }
    return out;
  }

  /**
   * True when the conditions of an {@code ecs:RunTask} grant keep it to named clusters: a request
   * without {@code ecs:cluster}, or for a cluster nobody named (in the estate's account, any of its
   * regions), is rejected.
   */
  public static boolean limitsCluster(Conditions c, AccountScope scope) {
    return c.rejectsEach(List.of("ecs:cluster"), requests(scope).cluster());
  }

  /**
   * True when the conditions of an {@code ecs:RunTask} grant let it start a task in one of
   * {@code clusterArns}, or, with {@code anyCluster}, in a cluster nobody named: some such request
   * passes its clauses on {@code ecs:cluster} (clauses on other keys are taken to hold, since the
   * caller chooses the task's tags, capacity provider and so on).
   */
  public static boolean allowsRunTaskIn(Conditions c, List<String> clusterArns, boolean anyCluster, AccountScope scope) {
    List<RequestContext> probes = new ArrayList<>();
    for (String arn : clusterArns) probes.add(RequestContext.of("ecs:cluster", arn));
    if (anyCluster) probes.addAll(requests(scope).cluster().subList(1, requests(scope).cluster().size()));
    return !probes.isEmpty() && !c.rejectsEach(List.of("ecs:cluster"), probes);
  }

  /**
   * True when the conditions of a trust statement guard against the confused deputy: a request
   * made on behalf of another account's resource ({@code aws:SourceAccount}, {@code aws:SourceArn},
   * {@code aws:SourceOrgID}, {@code aws:SourceOrgPaths} from outside), or without those keys, is
   * rejected.
   *
   * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html">The confused deputy problem</a>
   */
  public static boolean guardsConfusedDeputy(Conditions c, AccountScope scope) {
    return c.rejectsEach(SOURCE_KEYS, requests(scope).trust());
  }

  /**
   * True when the conditions keep a grant to everyone within an account, organisation or network:
   * an anonymous request, and requests by another account's principal from outside the
   * organisation and the network (from each of a few public addresses), are rejected. So
   * {@code aws:PrincipalOrgID} narrows, {@code StringLike aws:PrincipalArn *} does not.
   */
  public static boolean limitsWhoAndWhere(Conditions c, AccountScope scope) {
    return c.rejectsEach(WHO_AND_WHERE_KEYS, requests(scope).whoAndWhere());
  }

  /** The probe requests of one estate, made once: derive asks them of every CI role's trust policy. */
  private record Requests(AccountScope scope, List<RequestContext> cluster, List<RequestContext> trust,
      List<RequestContext> whoAndWhere) {}

  /** The last estate's requests: an audit has one estate, so one entry is the whole cache. */
  private static volatile Requests last;

  private static Requests requests(AccountScope scope) {
    Requests r = last;
    if (r == null || r.scope() != scope && !r.scope().equals(scope)) {
      r = new Requests(scope, clusterRequests(scope), trustRequests(scope), whoAndWhereRequests(scope));
      last = r;
    }
    return r;
  }

  private static List<RequestContext> clusterRequests(AccountScope scope) {
    List<RequestContext> probes = new ArrayList<>();
    probes.add(RequestContext.EMPTY);
    for (String region : scope.regions()) {
      probes.add(RequestContext.of("ecs:cluster", scope.arn("ecs", region, scope.account(), "cluster/" + AccountScope.UNCHOSEN)));
    }
    return List.copyOf(probes);
  }

  private static List<RequestContext> trustRequests(AccountScope scope) {
    String foreign = scope.foreignAccount();
    String unchosen = AccountScope.UNCHOSEN;
    RequestContext outside = RequestContext.of("aws:SourceAccount", foreign)
        .with("aws:SourceArn", scope.arn("ecs", scope.regions().get(0), foreign, "task/" + unchosen + "/" + unchosen))
        .with("aws:SourceOrgID", "o-" + unchosen)
        .with("aws:SourceOrgPaths", "o-" + unchosen + "/r-" + unchosen + "/");
    return List.of(RequestContext.EMPTY, outside);
  }

  private static List<RequestContext> whoAndWhereRequests(AccountScope scope) {
    String foreign = scope.foreignAccount();
    String unchosen = AccountScope.UNCHOSEN;
    List<RequestContext> probes = new ArrayList<>();
    probes.add(RequestContext.EMPTY);
    for (String ip : PUBLIC_ADDRESSES) {
      probes.add(RequestContext.of("aws:PrincipalArn", scope.arn("iam", "", foreign, "role/" + unchosen))
          .with("aws:PrincipalAccount", foreign)
          .with("aws:PrincipalOrgID", "o-" + unchosen)
          .with("aws:PrincipalOrgPaths", "o-" + unchosen + "/r-" + unchosen + "/")
          .with("aws:userid", "AROA" + unchosen.toUpperCase(Locale.ROOT) + ":" + unchosen)
          .with("aws:username", unchosen)
          .with("aws:SourceIp", ip)
          .with("aws:SourceVpc", "vpc-" + unchosen)
          .with("aws:SourceVpce", "vpce-" + unchosen)
          .with("aws:SourceArn", scope.arn("s3", "", "", unchosen))
          .with("aws:SourceAccount", foreign)
          .with("aws:SourceOwner", foreign)
          .with("aws:SourceOrgID", "o-" + unchosen)
          .with("aws:SourceOrgPaths", "o-" + unchosen + "/r-" + unchosen + "/")
          .with("elasticfilesystem:AccessedViaMountTarget", "false"));
    }
    return List.copyOf(probes);
  }
}
