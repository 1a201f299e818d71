# fargate-ci-audit's image, the default of the ci-templates/ jobs: a JRE (no JDK, no build tools),
# the jar built by `./mvnw package`, the built-in rules (for `rules test` and as the reference a
# reviewer reads), and the command on PATH. It runs as an unprivileged user. GitLab CI runs a job's
# script in a shell, so the image sets no ENTRYPOINT.
#
#   ./mvnw -B -DskipTests -DskipITs package && docker build -t fargate-ci-audit:0.1.0 .
#
# The project's own pipeline (.gitlab-ci.yml, job container-image) builds and pushes it with buildah, without a
# Docker daemon.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fca \
 && useradd --system --uid 10001 --gid fca --home-dir /home/fca --create-home --shell /usr/sbin/nologin fca
ENV FCA_HOME=/opt/fargate-ci-audit
COPY target/fargate-ci-audit.jar /opt/fargate-ci-audit/fargate-ci-audit.jar
COPY rules/ /opt/fargate-ci-audit/rules/
COPY docker/fargate-ci-audit /usr/local/bin/fargate-ci-audit
USER 10001:10001
WORKDIR /home/fca
HEALTHCHECK --interval=5m --timeout=30s CMD ["fargate-ci-audit", "--version"]
CMD ["fargate-ci-audit", "--help"]
