package dev.fargateciaudit.config;

import com.fasterxml.jackson.core.JacksonException;
import dev.fargateciaudit.input.BadInputException;
import dev.fargateciaudit.input.JacksonErrors;
import dev.fargateciaudit.input.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loads {@code audit.yml}; a missing {@code --config} means {@link AuditConfig#DEFAULTS}. */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static AuditConfig load(Path file) {
    if (file == null) return AuditConfig.DEFAULTS;
    String name = file.toString();
    try {
      byte[] bytes = Files.readAllBytes(file);
      AuditConfig cfg = Mappers.yaml().readValue(bytes, AuditConfig.class);
      return cfg == null ? AuditConfig.DEFAULTS : cfg;
    } catch (NoSuchFileException e) {
      throw new BadInputException(name, 0, 0, "file not found");
    } catch (JacksonException e) {
      throw JacksonErrors.toBadInput(name, e);
    } catch (IOException e) {
      throw new BadInputException(name, 0, 0, "cannot read: " + e.getMessage());
    }
  }
}
