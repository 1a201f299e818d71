package dev.fargateciaudit.rules;

import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.InputFiles;
import dev.fargateciaudit.input.InputFolder;
import dev.fargateciaudit.input.InputKind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules of a run: the built-in ones shipped under {@code /rules} in the jar, then each
 * {@code --rules DIR} in order (a user rule with a built-in's id replaces it). Sorted by id.
 */
public final class RuleSet {
  private final Map<String, CompiledRule> byId;

  private RuleSet(Map<String, CompiledRule> byId) {
    this.byId = byId;
  }

  public static RuleSet load(List<Path> userDirs) {
    Map<String, CompiledRule> m = new TreeMap<>(BuiltIn.RULES);
    for (Path dir : userDirs == null ? List.<Path>of() : userDirs) loadDir(dir, dir.toString(), m, PrecompiledRules.get());
    return new RuleSet(m);
  }

  /** Only the rules of {@code dirs} (no built-ins): what {@code rules test DIR} checks. */
  public static RuleSet loadOnly(List<Path> dirs) {
    Map<String, CompiledRule> m = new TreeMap<>();
    for (Path dir : dirs) loadDir(dir, dir.toString(), m, PrecompiledRules.get());
    return new RuleSet(m);
  }

  public Collection<CompiledRule> rules() {
    return byId.values();
  }

  public Optional<CompiledRule> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  /** SHA-256 over every evaluated rule file's name and bytes, in id order. */
  public String hash() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (CompiledRule r : byId.values()) {
        d.update(r.rule().id().getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(r.bytes());
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The built-in rules never change within a process: compiled once, on first use. */
  private static final class BuiltIn {
    static final Map<String, CompiledRule> RULES = loadBuiltIn();
  }

  private static Map<String, CompiledRule> loadBuiltIn() {
    Map<String, CompiledRule> m = new TreeMap<>();
    loadBuiltIn(m);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static void loadBuiltIn(Map<String, CompiledRule> m) {
    List<PrecompiledRules.RuleFile> bundled = PrecompiledRules.get().files();
    if (!bundled.isEmpty()) {
      for (PrecompiledRules.RuleFile f : bundled) {
        String name = f.path().substring(f.path().lastIndexOf('/') + 1);
        String id = name.substring(0, name.lastIndexOf('.'));
        m.put(id, RuleLoader.load("rules/" + f.path(), f.yaml(), id));
      }
      return;
    }
    URL url = RuleSet.class.getResource("/rules");
    if (url == null) return;
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        loadDir(fs.getPath("/rules"), "rules", m, PrecompiledRules.get());
      } else {
        loadDir(Path.of(uri), "rules", m, PrecompiledRules.get());
      }
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read the built-in rules", e);
    }
  }

  /**
   * Loads every rule file under {@code dir} into {@code m} by id, showing paths as
   * {@code label/relative/path}. Linked sub-folders and files are read when they stay inside
   * {@code dir}, and refused otherwise ({@link InputFolder}).
   */
  static void loadDir(Path dir, String label, Map<String, CompiledRule> m, PrecompiledRules precompiled) {
    if (!Files.isDirectory(dir)) throw new BadInputException(label, 0, 0, "not a rule folder");
    List<Path> files = InputFolder.of(dir, "a rule folder").files().stream().filter(RuleSet::isRuleFile).toList();
    for (Path p : files) {
      String fileName = p.getFileName().toString();
      String id = fileName.substring(0, fileName.lastIndexOf('.'));
      String shown = label + "/" + dir.relativize(p).toString().replace('\\', '/');
      m.put(id, RuleLoader.load(shown, InputFiles.read(p, shown, InputKind.RULE), id, precompiled));
    }
  }

  static boolean isRuleFile(Path p) {
    String n = p.getFileName().toString();
    return (n.endsWith(".yml") || n.endsWith(".yaml")) && !n.endsWith(".test.yml");
  }
}
