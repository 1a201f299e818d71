package dev.fargateciaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fargateciaudit.collect.MotoExampleEstate;
import dev.fargateciaudit.collect.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the launcher, a live audit loads the AWS SDK from the class archive trained on the
 * replayed live estate (cli.ArchiveTraining), not from the jar; an audit of a snapshot uses an
 * archive without the SDK. Both load picocli from their archive (it is compiled with our sources: its
 * released classes are too old for the live archive). The live JVM's eden takes its young
 * generation (nothing is ever copied into a survivor space).
 */
class LiveArchiveIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @Test
  void aLiveAuditLoadsTheSdkFromTheLiveArchive(@TempDir Path dir) throws Exception {
    Path config = MotoExampleEstate.blog(MOTO.endpoint(), dir);
    Path log = dir.resolve("classes.txt");
    Path heap = dir.resolve("heap.txt");
    List<String> audit = List.of("audit", "--live", "--config", config.toString(), "--out", dir.resolve("out").toString(), "--quiet");
    launch(audit, null);
    int exit = launch(audit, log, "-Xlog:gc+heap+exit=info:file=" + heap);

    assertThat(exit).as("the blog estate fails the gate").isEqualTo(1);
    List<String> sdk = Files.readAllLines(log).stream().filter(l -> l.contains("] software.amazon.awssdk.")).toList();
    long archived = sdk.stream().filter(l -> l.contains("source: shared objects file")).count();
    assertThat(sdk).as("SDK classes loaded").hasSizeGreaterThan(3000);
    assertThat(archived).as("of %d SDK classes, from the archive", sdk.size()).isGreaterThan(sdk.size() * 95 / 100);
    assertThat(sdk).anyMatch(l -> l.contains("software.amazon.awssdk.services.ecs.EcsClient source: shared objects file"));
    assertThat(picocli(log)).as("picocli's classes in a live audit").isNotEmpty().allMatch(l -> l.contains("source: shared objects file"));
    assertThat(Files.list(Path.of("target")).map(p -> p.getFileName().toString()))
        .anyMatch(n -> n.equals("fargate-ci-audit-live.jsa") || n.equals("fargate-ci-audit-live.aot"));
    // Promoted at their first collection, survivors never use a survivor space: eden has 30 of the 32 MiB.
    assertThat(Files.readAllLines(heap)).as("the young generation at exit").anyMatch(l -> l.contains("eden space 30720K"));

    Path snapshotLog = dir.resolve("snapshot-classes.txt");
    launch(List.of("audit", "--snapshot", "examples/blog-setup/inventory.json", "--config", "examples/blog-setup/audit.yml",
        "--out", dir.resolve("snapshot").toString(), "--quiet"), snapshotLog);
    assertThat(Files.readAllLines(snapshotLog)).as("a snapshot audit loads no SDK service client")
        .noneMatch(l -> l.contains("] software.amazon.awssdk.services.ecs.EcsClient "));
    assertThat(picocli(snapshotLog)).as("picocli's classes in a snapshot audit").isNotEmpty()
        .allMatch(l -> l.contains("source: shared objects file"));
  }

  private static List<String> picocli(Path classLog) throws IOException {
    return Files.readAllLines(classLog).stream().filter(l -> l.contains("] picocli.")).toList();
  }

  /**
   * Runs the launcher against moto; with {@code classLog}, logs where each class came from into it.
   *
   * @param jvmOptions more options for the JVM (FCA_JAVA_OPTS)
   */
  private static int launch(List<String> args, Path classLog, String... jvmOptions) throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    List<String> cmd = new java.util.ArrayList<>(List.of(root.resolve("fargate-ci-audit").toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("FCA_JAVA_OPTS"));
    pb.environment().put("AWS_ENDPOINT_URL", MOTO.endpoint());
    pb.environment().put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);
    pb.environment().put("AWS_REGION", "eu-west-2");
    if (classLog != null) {
      pb.environment().put("FCA_JAVA_OPTS", String.join(" ", "-Xlog:class+load=info:file=" + classLog, String.join(" ", jvmOptions)).trim());
    }
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err.lines().filter(l -> !l.startsWith("fargate-ci-audit: creating"))).as("stderr").isEmpty();
    return p.exitValue();
  }
}
