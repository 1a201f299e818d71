package dev.fargateciaudit.inventory;

import static dev.fargateciaudit.input.Fuzz.mutations;
import static dev.fargateciaudit.input.Fuzz.onlyBadInput;
import static dev.fargateciaudit.input.Fuzz.text;

import dev.fargateciaudit.config.ConfigLoader;
import dev.fargateciaudit.config.RunnerConfigReader;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the three loaders of untrusted files (snapshot JSON, {@code audit.yml}, {@code fargate.toml})
 * with random bytes, random text from each format's alphabet, and random mutations of valid files:
 * each input is either accepted or rejected with a {@link dev.fargateciaudit.input.BadInputException}; nothing else escapes,
 * and nothing runs away (each input has a time bound).
 *
 * <p>200 tries per property by default ({@code junit-platform.properties}); run longer with
 * {@code ./mvnw -B -o test -Dtest=InputFuzzTest -Djqwik.tries.default=20000}.
 */
class InputFuzzTest {
  private static final String SNAPSHOT = InventoryJson.toJson(PopulatedInventory.create());
  private static final String CONFIG = """
      regions: [eu-west-2]
      accounts:
        - id: "123456789012"
          roleArn: arn:aws:iam::123456789012:role/fargate-ci-audit
          externalId: ext-123
      ci:
        clusters: [gitlab-ci]
        taskDefinitionFamilies: [gitlab-ci-*]
        runnerRole: arn:aws:iam::123456789012:role/gitlab-runner
      network:
        expectedEgressIps: [203.0.113.10]
        sshSources: [sg-0123456789abcdef0, 10.0.1.15/32]
        nfsSources: [sg-0a1b2c3d, 10.0.16.0/20]
      images:
        allowedRegistries: [123456789012.dkr.ecr.eu-west-2.amazonaws.com, docker.io/my-org]
      """;
  private static final String TOML = """
      concurrent = 10
      [Fargate]
        Cluster = "gitlab-ci"
        Region = "eu-west-2"
        Subnet = "subnet-0123456789abcdef0"
        SecurityGroup = "sg-0123456789abcdef0"
        TaskDefinition = "gitlab-ci:1"
        EnablePublicIP = false
        UsePublicIP = false
        PlatformVersion = "1.4.0"
      [TaskMetadata]
        Directory = "/opt/gitlab-runner/metadata"
      [SSH]
        Username = "root"
        Port = 22
      """;

  @Property
  void snapshotLoaderFromMutatedSnapshots(@ForAll("mutatedSnapshot") byte[] input) {
    onlyBadInput(input, b -> InventoryJson.read("fuzz.json", b));
  }

  @Property
  void snapshotLoaderFromJsonishText(@ForAll("jsonish") String input) {
    onlyBadInput(input.getBytes(StandardCharsets.UTF_8), b -> InventoryJson.read("fuzz.json", b));
  }

  @Property
  void configLoaderFromMutatedConfigs(@ForAll("mutatedConfig") byte[] input) {
    onlyBadInput(input, b -> ConfigLoader.read("fuzz.yml", b));
  }

  @Property
  void configLoaderFromYamlishText(@ForAll("yamlish") String input) {
    onlyBadInput(input.getBytes(StandardCharsets.UTF_8), b -> ConfigLoader.read("fuzz.yml", b));
  }

  @Property
  void runnerConfigReaderFromMutatedToml(@ForAll("mutatedToml") byte[] input) {
    onlyBadInput(input, b -> RunnerConfigReader.read("fuzz.toml", b, "config"));
  }

  @Property
  void runnerConfigReaderFromTomlishText(@ForAll("tomlish") String input) {
    onlyBadInput(input.getBytes(StandardCharsets.UTF_8), b -> RunnerConfigReader.read("fuzz.toml", b, "config"));
  }

  @Property
  void everyLoaderFromRandomBytes(@ForAll("randomBytes") byte[] input) {
    onlyBadInput(input, b -> InventoryJson.read("fuzz.json", b));
    onlyBadInput(input, b -> ConfigLoader.read("fuzz.yml", b));
    onlyBadInput(input, b -> RunnerConfigReader.read("fuzz.toml", b, "config"));
  }

  @Provide
  Arbitrary<byte[]> mutatedSnapshot() {
    return mutations(SNAPSHOT, "{}[]\":,\\-0123456789eE.tfn \n");
  }

  @Provide
  Arbitrary<byte[]> mutatedConfig() {
    return mutations(CONFIG, "{}[]:,-&*!|>#'\"? \n\t~%@`0123456789");
  }

  @Provide
  Arbitrary<byte[]> mutatedToml() {
    return mutations(TOML, "[]{}=\"'.,#\\ \n\t0123456789-:+eEtf");
  }

  @Provide
  Arbitrary<String> jsonish() {
    return text("{}[]\":,\\-+0123456789eE.truefalsnul \n\tabc\u00e9\ud83d\ude00", 400);
  }

  @Provide
  Arbitrary<String> yamlish() {
    return text("{}[]:,-&*!|>#'\"? \n\t~%@`0123456789abcregionsnetworksshSourcesci\u00e9", 400);
  }

  @Provide
  Arbitrary<String> tomlish() {
    return text("[]{}=\"'.,#\\ \n\t0123456789-:+eEtrufalsFargateSSHPort", 400);
  }

  @Provide
  Arbitrary<byte[]> randomBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
  }
}
