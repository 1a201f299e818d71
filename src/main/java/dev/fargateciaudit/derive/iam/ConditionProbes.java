package dev.fargateciaudit.derive.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a statement's conditions narrow it the way a check needs, decided by evaluating them on
 * probe requests, never by a value merely being present. A condition narrows a question's keys
 * when its clauses on those keys reject a request without the keys and a request whose values
 * come from outside (another service, another account, a cluster or organisation nobody named, or
 * a name the outsider gives its own principal or resource: {@link #mayBeChosen}); clauses on other
 * keys are taken to hold ({@link Conditions#rejectsEach}). So
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

  /** True unless the conditions reject passing a role to {@code service} ({@code iam:PassedToService}). */
  public static boolean mayPassTo(Conditions c, String service) {
    return !c.rejectsEach(List.of(PASSED_TO_SERVICE), List.of(RequestContext.of(PASSED_TO_SERVICE, service)));
  }

  /** The services, among ECS tasks, the ones the conditions name and {@link #OTHER_SERVICES}, a role may be passed to. */
  public static List<String> servicesPassedTo(Conditions c) {
    return servicesPassedTo(c, List.of());
  }

  /** As {@link #servicesPassedTo(Conditions)}, trying {@code alsoTry} too (the services a Deny names). */
  public static List<String> servicesPassedTo(Conditions c, Collection<String> alsoTry) {
    Set<String> candidates = new LinkedHashSet<>();
    candidates.add(ECS_TASKS);
    for (String v : c.namedValues(PASSED_TO_SERVICE)) {
      if (!v.contains("*") && !v.contains("?") && !v.contains("${")) candidates.add(v);
    }
    for (String v : alsoTry) {
      if (!v.contains("*") && !v.contains("?") && !v.contains("${")) candidates.add(v);
    }
    candidates.addAll(OTHER_SERVICES);
    List<String> out = new ArrayList<>();
    for (String s : candidates) {
      if (mayPassTo(c, s)) out.add(s);
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
    return rejectsEvery(c, confusedDeputies(scope));
  }

  /**
   * True when the conditions keep a grant to everyone within an account, organisation or network:
   * each of {@link #outsiders} is rejected. So {@code aws:PrincipalOrgID} narrows;
   * {@code StringLike aws:PrincipalArn *} does not, nor does {@code arn:aws:iam::*:role/ci-*}, a
   * name any account can take, nor {@code aws:PrincipalServiceName}, a service any account can
   * have act for it.
   */
  public static boolean limitsWhoAndWhere(Conditions c, AccountScope scope) {
    return rejectsEvery(c, outsiders(scope));
  }

  /**
   * True when an Allow to the AWS service principal {@code service} keeps it to this account's
   * resources: each of {@link #serviceDeputies} (that service acting for another account's
   * resource) is rejected. So AWS's recommended {@code aws:SourceAccount}, an {@code aws:SourceArn}
   * pinned to this account, or {@code aws:SourceOrgID} keeps it; no condition,
   * {@code arn:aws:codebuild:*:*:project/*} or {@code aws:PrincipalServiceName} does not.
   *
   * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention">Cross-service confused deputy prevention</a>
   */
  public static boolean keepsServiceToOwnResources(Conditions c, String service, AccountScope scope) {
    return rejectsEvery(c, serviceDeputies(service, scope));
  }

  /**
   * True when an Allow with these conditions applies to none of {@code who}: its clauses on the
   * question's keys reject each request, also when the request holds instead a value of the
   * Allow's that the requester can choose ({@link Requesters#choosing}); clauses on other keys are
   * taken to hold ({@link Conditions#rejectsEach}).
   */
  static boolean rejectsEvery(Conditions c, Requesters who) {
    return c.rejectsEach(who.keys(), who.choosing(c));
  }

  /**
   * Why a condition that rejects {@code who} as they are did not count: the clauses' values a
   * requester can choose ({@code "aws:PrincipalArn arn:aws:iam::*:role/ci-*"}), or none when the
   * condition fails to limit for another reason or limits after all.
   */
  public static List<String> chosenNamesLetIn(Conditions c, Requesters who) {
    if (!c.rejectsEach(who.keys(), who.requests()) || rejectsEvery(c, who)) return List.of();
    List<String> out = new ArrayList<>();
    for (Clause clause : c.clauses()) {
      if (!who.chosen().contains(RequestContext.fold(clause.key()))) continue;
      for (String v : clause.values()) {
        if (mayBeChosen(clause.key(), v)) out.add(clause.key() + " " + v);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- requesters, for Allow and Deny statements

  /**
   * The requests a question imagines. An Allow limits a grant when its conditions reject each of
   * them ({@link #rejectsEvery}). IAM refuses a grant when a Deny applies (an explicit deny
   * overrides any allow), so a Deny cancels a grant only when its conditions certainly hold for
   * each of them ({@link #certainlyApplies}). {@code keys} are the context keys the question fixes
   * (a key among them that a request lacks is absent for certain); the requester may send anything
   * for every other key ({@link Conditions#certainlyHolds}).
   *
   * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html">The difference between explicit and implicit denies</a>
   */
  public record Requesters(List<RequestContext> requests, List<String> keys, List<String> chosen) {
    /**
     * @param chosen fixed keys (folded) whose value a requester picks by naming its own user, role
     *     or resource: a request holding one may hold instead any value of the statement's that
     *     pins no principal ({@link #mayBeChosen}), so an Allow for {@code role/ci-*} in every
     *     account, or the user {@code alice}, keeps it in, and a Deny exempting them does not
     *     refuse it
     */
    public Requesters {
      requests = List.copyOf(requests);
      keys = List.copyOf(keys);
      chosen = List.copyOf(chosen);
    }

    public Requesters(List<RequestContext> requests, List<String> keys) {
      this(requests, keys, List.of());
    }

    /** Each request once per value of {@code key} (null: without it); {@code key} becomes a fixed key. */
    public Requesters varying(String key, List<String> values) {
      List<RequestContext> out = new ArrayList<>();
      for (RequestContext r : requests) {
        for (String v : values) out.add(v == null ? r.without(key) : r.with(key, v));
      }
      List<String> k = new ArrayList<>(keys);
      k.add(key);
      return new Requesters(out, k, chosen);
    }

    /** These requesters reduced to the one request {@code r}. */
    public Requesters only(RequestContext r) {
      return new Requesters(List.of(r), keys, chosen);
    }

    /** The requests, each also with every value of {@code c} it could choose for a {@link #chosen} key it holds. */
    List<RequestContext> choosing(Conditions c) {
      if (chosen.isEmpty()) return requests;
      List<RequestContext> out = new ArrayList<>(requests);
      for (RequestContext r : requests) {
        for (Clause clause : c.clauses()) {
          if (!chosen.contains(RequestContext.fold(clause.key())) || r.values(clause.key()) == null) continue;
          for (String v : clause.values()) {
            if (mayBeChosen(clause.key(), v)) out.add(r.with(clause.key(), v));
          }
        }
      }
      return out;
    }
  }

  /**
   * True when an outsider can make its own principal or resource hold {@code value} of the chosen
   * {@code key}: any account may create a user, role, cluster or bucket of any free name (and name
   * its sessions), and have an AWS service act for it, but none can take another account's ID or a
   * principal's unique ID. So {@code aws:username} and {@code aws:PrincipalServiceName} always;
   * {@code aws:PrincipalArn} and {@code aws:SourceArn} when the value does not name one account (a
   * wildcard there, no account field, or an empty one, as in S3, with a wildcard in the name);
   * {@code aws:userid} when its unique-ID part (before the {@code :}) has a wildcard.
   */
  static boolean mayBeChosen(String key, String value) {
    switch (RequestContext.fold(key)) {
      case "aws:username", "aws:principalservicename":
        return true;
      case "aws:principalarn", "aws:sourcearn": {
        String[] f = value.split(":", 6);
        return f.length < 6 || wild(f[4]) || f[4].isEmpty() && wild(value);
      }
      case "aws:userid": {
        int colon = value.indexOf(':');
        return wild(colon < 0 ? value : value.substring(0, colon));
      }
      default:
        return false;
    }
  }

  private static boolean wild(String s) {
    return s.contains("*") || s.contains("?");
  }

  /** The keys an outsider sets by naming its own principal or resource ({@link Requesters#chosen}), folded. */
  private static final List<String> CHOSEN_NAMES = List.of("aws:principalarn", "aws:userid", "aws:username", "aws:sourcearn",
      "aws:principalservicename");

  /** True when a Deny with these conditions certainly applies to every request of {@code who} (and there is one). */
  public static boolean certainlyApplies(Conditions c, Requesters who) {
    if (who.requests().isEmpty()) return false;
    return c.isEmpty() || c.certainlyHolds(who.keys(), who.choosing(c));
  }

  /**
   * The requests a trust statement must refuse to guard against the confused deputy
   * ({@link #guardsConfusedDeputy}): what a Deny of a trust policy must certainly apply to.
   */
  public static Requesters confusedDeputies(AccountScope scope) {
    return requests(scope).deputies();
  }

  /**
   * The requests of the role {@code roleArn} itself (its identity policies' questions): its ARN and
   * account are fixed, everything else is the requester's to choose. An unknown ARN (null or
   * empty) is not fixed: the role could be any, so a clause on its ARN must hold for any.
   */
  public static Requesters role(String roleArn, AccountScope scope) {
    RequestContext self = RequestContext.of("aws:PrincipalAccount", scope.account());
    if (roleArn == null || roleArn.isEmpty()) return new Requesters(List.of(self), List.of("aws:PrincipalAccount"));
    return new Requesters(List.of(self.with("aws:PrincipalArn", roleArn)), List.of("aws:PrincipalArn", "aws:PrincipalAccount"));
  }

  /** The clusters a RunTask request may name that nobody named: none, and an unchosen one in each region. */
  public static List<String> unnamedClusters(AccountScope scope) {
    List<String> out = new ArrayList<>();
    out.add(null);
    for (RequestContext r : requests(scope).cluster()) {
      List<String> v = r.values("ecs:cluster");
      if (v != null) out.addAll(v);
    }
    return out;
  }

  /**
   * Everyone outside, as a resource policy's public question imagines them: anonymous; another
   * account's principal outside the organisation and network, from each of a few public addresses
   * with and without VPC keys, and through a VPC endpoint of its own (no {@code aws:SourceIp},
   * which IAM leaves out of requests through an endpoint); each in another organisation and in
   * none (IAM includes {@code aws:PrincipalOrgID} only for a member of one), and each with and
   * without the on-behalf-of keys ({@code aws:SourceArn} and the like), none an AWS service
   * ({@code aws:PrincipalIsAWSService} false when signed, absent when anonymous). And an AWS
   * service principal acting for another account's resource (the confused deputy), in another
   * organisation and in none, with and without a source address. A service acting for no resource
   * (no {@code aws:SourceAccount}) is not among them: it acts for AWS, and AWS's data-perimeter
   * statements let it in.
   *
   * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid">AWS global condition context keys: aws:PrincipalOrgID</a>
   * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html">The confused deputy problem</a>
   */
  public static Requesters outsiders(AccountScope scope) {
    return requests(scope).outsiders();
  }

  /**
   * The outsiders a resource policy's grant to the AWS service principal {@code service} lets in:
   * that service acting for another account's resource ({@link #outsiders}' service requests, the
   * service named). Its name is the grant's, so it is not a name the requester chooses.
   */
  public static Requesters serviceDeputies(String service, AccountScope scope) {
    Requesters all = outsiders(scope);
    List<RequestContext> out = new ArrayList<>();
    for (RequestContext r : all.requests()) {
      if (byAwsService(r)) out.add(r.with(PRINCIPAL_SERVICE_NAME, service));
    }
    List<String> chosen = new ArrayList<>(all.chosen());
    chosen.remove(RequestContext.fold(PRINCIPAL_SERVICE_NAME));
    return new Requesters(out, all.keys(), chosen);
  }

  /** True when {@code request} is made by an AWS service principal ({@code aws:PrincipalIsAWSService} true). */
  public static boolean byAwsService(RequestContext request) {
    return List.of("true").equals(request.values(PRINCIPAL_IS_AWS_SERVICE));
  }

  private static final String PRINCIPAL_SERVICE_NAME = "aws:PrincipalServiceName";

  private static Requesters outsiderRequests(AccountScope scope, List<RequestContext> whoAndWhere) {
    List<RequestContext> out = new ArrayList<>();
    out.add(RequestContext.EMPTY);
    List<RequestContext> signed = whoAndWhere.subList(1, whoAndWhere.size());
    List<RequestContext> networks = new ArrayList<>();
    for (RequestContext r : signed) {
      networks.add(r);
      networks.add(without(r, VPC_KEYS));
    }
    networks.add(signed.get(0).without("aws:SourceIp"));
    for (RequestContext r : networks) {
      for (RequestContext o : List.of(r, without(r, ORGANISATION_KEYS))) {
        out.add(o.with(PRINCIPAL_IS_AWS_SERVICE, "false"));
        out.add(without(o, ON_BEHALF_KEYS).with(PRINCIPAL_IS_AWS_SERVICE, "false"));
      }
    }
    RequestContext service = without(without(signed.get(0), PRINCIPAL_KEYS), VPC_KEYS)
        .with(PRINCIPAL_SERVICE_NAME, AccountScope.UNCHOSEN + ".amazonaws.com").with(PRINCIPAL_IS_AWS_SERVICE, "true");
    for (RequestContext s : List.of(service, service.without("aws:SourceIp"))) {
      out.add(s);
      out.add(s.without("aws:SourceOrgID").without("aws:SourceOrgPaths"));
    }
    List<String> keys = new ArrayList<>(WHO_AND_WHERE_KEYS);
    keys.add(PRINCIPAL_IS_AWS_SERVICE);
    return new Requesters(out, keys, CHOSEN_NAMES);
  }

  /** A signed principal's own keys, which a service principal's request does not hold. */
  private static final List<String> PRINCIPAL_KEYS = List.of("aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID",
      "aws:PrincipalOrgPaths", "aws:userid", "aws:username");

  private static final List<String> VPC_KEYS = List.of("aws:SourceVpc", "aws:SourceVpce");
  /** IAM includes these only for a member of an organisation. */
  private static final List<String> ORGANISATION_KEYS = List.of("aws:PrincipalOrgID", "aws:PrincipalOrgPaths");
  /** Present only when a service calls on behalf of a resource. */
  private static final List<String> ON_BEHALF_KEYS = List.of("aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner",
      "aws:SourceOrgID", "aws:SourceOrgPaths");

  private static RequestContext without(RequestContext r, List<String> keys) {
    for (String k : keys) r = r.without(k);
    return r;
  }

  private static final String PRINCIPAL_IS_AWS_SERVICE = "aws:PrincipalIsAWSService";

  /** The probe requests of one estate, made once: derive asks them of every CI role's trust policy. */
  private record Requests(AccountScope scope, List<RequestContext> cluster, Requesters deputies, Requesters outsiders) {}

  /** The last estate's requests: an audit has one estate, so one entry is the whole cache. */
  private static volatile Requests last;

  private static Requests requests(AccountScope scope) {
    Requests r = last;
    if (r == null || r.scope() != scope && !r.scope().equals(scope)) {
      r = new Requests(scope, clusterRequests(scope), deputyRequests(scope), outsiderRequests(scope, whoAndWhereRequests(scope)));
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

  /** The trusted service assuming the role for no resource, and for another account's task; the service's name is the trust policy's. */
  private static Requesters deputyRequests(AccountScope scope) {
    String foreign = scope.foreignAccount();
    String unchosen = AccountScope.UNCHOSEN;
    RequestContext service = RequestContext.of(PRINCIPAL_IS_AWS_SERVICE, "true");
    RequestContext outside = service.with("aws:SourceAccount", foreign)
        .with("aws:SourceArn", scope.arn("ecs", scope.regions().get(0), foreign, "task/" + unchosen + "/" + unchosen))
        .with("aws:SourceOrgID", "o-" + unchosen)
        .with("aws:SourceOrgPaths", "o-" + unchosen + "/r-" + unchosen + "/");
    List<String> keys = new ArrayList<>(SOURCE_KEYS);
    keys.add(PRINCIPAL_IS_AWS_SERVICE);
    return new Requesters(List.of(service, outside), keys, List.of("aws:sourcearn"));
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
