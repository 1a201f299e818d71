package dev.fargateciaudit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The tool version, from the Maven-filtered {@code fargate-ci-audit.properties}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  private static final String VERSION = load();

  public static String version() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("/fargate-ci-audit.properties")) {
      Properties p = new Properties();
      if (in != null) p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"fargate-ci-audit " + VERSION};
  }
}
