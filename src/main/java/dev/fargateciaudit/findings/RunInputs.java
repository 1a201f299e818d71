package dev.fargateciaudit.findings;

/**
 * What a run was given besides the estate, as the reports show it.
 *
 * @param config the {@code --config} file as given, or null
 * @param planned the {@code --planned} directory as given, or null
 * @param waivers the {@code --waivers} file as given, or null
 * @param baseline where the baseline came from (a file, or a GitLab pipeline's artifact), or null
 * @param failOnNew true when the gate judged only failures new against the baseline
 */
public record RunInputs(String config, String planned, String waivers, String baseline, boolean failOnNew) {
  public static final RunInputs NONE = new RunInputs(null, null, null, null, false);
}
