package dev.fargateciaudit.input;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The project's Jackson mappers. Strict on input (unknown properties fail, so typos surface),
 * bounded (nesting, string and number sizes, YAML aliases) so hostile files cost little.
 */
public final class Mappers {
  public static final int MAX_NESTING = 200;
  public static final int MAX_NUMBER_LENGTH = 100;
  public static final int MAX_YAML_ALIASES = 50;
  /** Longest string value; the snapshot loader then cuts text fields far shorter (see TextLimit). */
  public static final int MAX_STRING_LENGTH = 20_000_000;
  /** Longest key: the longest AWS names keys can be (tag keys, condition keys) are a few hundred characters. */
  public static final int MAX_NAME_LENGTH = 1024;
  public static final int MAX_YAML_CODE_POINTS = 8 * 1024 * 1024;

  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_NESTING)
      .maxNumberLength(MAX_NUMBER_LENGTH)
      .maxStringLength(MAX_STRING_LENGTH)
      .maxNameLength(MAX_NAME_LENGTH)
      .build();

  private static final ObjectMapper JSON = configure(JsonMapper.builder()
      .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private static final ObjectMapper YAML = configure(YAMLMapper.builder(yamlFactory())
      .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private static final ObjectMapper TOML = configure(TomlMapper.builder().build());

  private Mappers() {}

  public static ObjectMapper json() { return JSON; }
  public static ObjectMapper yaml() { return YAML; }
  public static ObjectMapper toml() { return TOML; }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_YAML_CODE_POINTS);
    options.setAllowDuplicateKeys(false);
    return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(LIMITS).build();
  }

  private static ObjectMapper configure(ObjectMapper m) {
    m.getFactory().setStreamReadConstraints(LIMITS);
    m.registerModule(new JavaTimeModule());
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    m.enable(DeserializationFeature.USE_LONG_FOR_INTS);
    m.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    m.enable(SerializationFeature.INDENT_OUTPUT);
    m.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    return m;
  }
}
