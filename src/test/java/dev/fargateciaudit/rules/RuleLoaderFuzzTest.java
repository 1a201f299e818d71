package dev.fargateciaudit.rules;

import static dev.fargateciaudit.input.Fuzz.mutations;
import static dev.fargateciaudit.input.Fuzz.onlyBadInput;
import static dev.fargateciaudit.input.Fuzz.positionOf;
import static dev.fargateciaudit.input.Fuzz.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.fargateciaudit.input.Mappers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the rule loader (YAML, schema, binding, CEL compilation) with random edits of a built-in
 * rule, random YAML-ish text and random bytes: each input either loads or is rejected with one
 * {@code FILE:LINE:COL: message} line, within {@link dev.fargateciaudit.input.Fuzz#BOUND}.
 * Longer: {@code ./mvnw -B -o test -Dtest=RuleLoaderFuzzTest -Djqwik.tries.default=20000}.
 */
class RuleLoaderFuzzTest {
  private static final String RULE = read("rules/ports/FCA-PORTS-001.yml");
  private static final Pattern POSITIONED = positionOf("fuzz.yml");
  private static final String CEL = "subject.inbound.exists(r, r.world && (r.fromPort <= 22 || size(r.source) > 3))"
      + " ? subject.inbound.filter(r, r.world).map(r, r.protocol + '/' + string(r.fromPort))[0] == 'tcp/22' : !has(subject.id)";

  @Property
  void ruleLoaderFromMutatedRules(@ForAll("mutatedRule") byte[] input) {
    onlyBadInput(input, POSITIONED, b -> RuleLoader.load("fuzz.yml", b, null));
  }

  /** The rule kept valid YAML, with a mutated CEL expression as its check and as an evidence entry. */
  @Property
  void ruleLoaderFromMutatedExpressions(@ForAll("mutatedCel") byte[] expression) throws Exception {
    String quoted = Mappers.json().writeValueAsString(new String(expression, StandardCharsets.UTF_8));
    String rule = RULE.replaceFirst("(?m)^check: .*$", Matcher.quoteReplacement("check: " + quoted))
        .replaceFirst("(?m)^  rules: .*$", Matcher.quoteReplacement("  rules: " + quoted));
    onlyBadInput(rule.getBytes(StandardCharsets.UTF_8), POSITIONED, b -> RuleLoader.load("fuzz.yml", b, null));
  }

  @Property
  void ruleLoaderFromYamlishText(@ForAll("yamlish") String input) {
    onlyBadInput(input.getBytes(StandardCharsets.UTF_8), POSITIONED, b -> RuleLoader.load("fuzz.yml", b, null));
  }

  @Property
  void ruleLoaderFromRandomBytes(@ForAll("randomBytes") byte[] input) {
    onlyBadInput(input, POSITIONED, b -> RuleLoader.load("fuzz.yml", b, null));
  }

  @Provide
  Arbitrary<byte[]> mutatedRule() {
    return mutations(RULE, "{}[]:,-&*!|>#'\"? \n\t~%@`0123456789");
  }

  @Provide
  Arbitrary<byte[]> mutatedCel() {
    return mutations(CEL, "()[]{}.,!?:&|=<>+-*/%'\"\\ subjectexistsfiltermapsizehasinrtuefalsnul0123456789");
  }

  @Provide
  Arbitrary<String> yamlish() {
    return text("{}[]:,-&*!|>#'\"? \n\t~%@`0123456789abcidtlesubjectcheckmessagetestsexpectPASSFAIL\u00e9", 400);
  }

  @Provide
  Arbitrary<byte[]> randomBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
