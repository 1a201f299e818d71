package dev.fargateciaudit.synth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.output.AtomicFiles;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A deterministic synthetic CI estate, for load tests, benchmarks and demos.
 *
 * <p>{@link #write} streams the snapshot JSON record by record (compact, in the field order of
 * {@link Inventory}), so memory stays flat at any scale; the bytes are exactly what
 * {@link #compactWriter()} makes of the same estate built in memory by {@link #build}. The same
 * spec always gives the same bytes.
 */
public final class SyntheticEstate {
  private final SynthSpec spec;
  private final EstateGenerator generator;

  public SyntheticEstate(SynthSpec spec, String toolVersion) {
    this.spec = spec;
    this.generator = new EstateGenerator(spec, toolVersion);
  }

  public SynthSpec spec() {
    return spec;
  }

  /** The snapshot JSON writer without indentation (a 100k estate is a third of the size compact). */
  public static ObjectWriter compactWriter() {
    return Mappers.json().writer()
        .without(SerializationFeature.INDENT_OUTPUT)
        .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
  }

  /** Writes the estate to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, this::write);
  }

  /** Writes the estate's snapshot JSON to {@code out} (not closed), member by member in {@link Inventory}'s order. */
  public void write(OutputStream out) throws IOException {
    ObjectWriter writer = compactWriter();
    try (JsonGenerator gen = Mappers.json().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      gen.writeStartObject();
      for (RecordComponent c : Inventory.class.getRecordComponents()) {
        gen.writeFieldName(c.getName());
        switch (c.getName()) {
          case "schemaVersion" -> gen.writeNumber(Inventory.SCHEMA_VERSION);
          case "meta" -> writer.writeValue(gen, generator.meta());
          case "runnerConfig" -> writer.writeValue(gen, generator.runnerConfig());
          default -> {
            gen.writeStartArray();
            try {
              records(c.getName(), record -> {
                try {
                  writer.writeValue(gen, record);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
            } catch (UncheckedIOException e) {
              throw e.getCause();
            }
            gen.writeEndArray();
          }
        }
      }
      gen.writeEndObject();
    }
  }

  /** The same estate as an object graph (for tests and small scales; memory grows with the scale). */
  public Inventory build() {
    InventoryBuilder b = Inventory.builder();
    b.meta = generator.meta();
    for (RecordComponent c : Inventory.class.getRecordComponents()) {
      if (c.getType() == List.class) records(c.getName(), b::add);
    }
    b.runnerConfig = generator.runnerConfig();
    return b.build();
  }

  /**
   * The records of the inventory list {@code member}: what the generator's method of that name
   * makes, none when it has no such method (the estate has none of them).
   */
  private void records(String member, Consumer<Object> out) {
    Method section;
    try {
      section = EstateGenerator.class.getDeclaredMethod(member, Consumer.class);
    } catch (NoSuchMethodException e) {
      return;
    }
    try {
      section.invoke(generator, out);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
