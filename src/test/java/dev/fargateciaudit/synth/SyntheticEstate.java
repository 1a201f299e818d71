package dev.fargateciaudit.synth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.input.AtomicFiles;
import dev.fargateciaudit.input.Mappers;
import dev.fargateciaudit.inventory.Inventory;
import dev.fargateciaudit.inventory.InventoryBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

  /** Writes the estate's snapshot JSON to {@code out} (not closed). */
  public void write(OutputStream out) throws IOException {
    ObjectWriter writer = compactWriter();
    try (JsonGenerator gen = Mappers.json().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      gen.writeStartObject();
      gen.writeNumberField("schemaVersion", Inventory.SCHEMA_VERSION);
      gen.writeFieldName("meta");
      writer.writeValue(gen, generator.meta());
      try {
        array(gen, writer, "vpcs", generator::vpcs);
        array(gen, writer, "subnets", generator::subnets);
        array(gen, writer, "routeTables", generator::routeTables);
        array(gen, writer, "internetGateways", generator::internetGateways);
        array(gen, writer, "egressOnlyInternetGateways", generator::egressOnlyInternetGateways);
        array(gen, writer, "natGateways", generator::natGateways);
        array(gen, writer, "elasticIps", generator::elasticIps);
        array(gen, writer, "securityGroups", generator::securityGroups);
        array(gen, writer, "networkInterfaces", generator::networkInterfaces);
        array(gen, writer, "instances", generator::instances);
        array(gen, writer, "ecsClusters", generator::ecsClusters);
        array(gen, writer, "ecsServices", generator::ecsServices);
        array(gen, writer, "ecsTasks", generator::ecsTasks);
        array(gen, writer, "taskDefinitions", generator::taskDefinitions);
        array(gen, writer, "efsFileSystems", generator::efsFileSystems);
        array(gen, writer, "efsMountTargets", generator::efsMountTargets);
        array(gen, writer, "efsAccessPoints", generator::efsAccessPoints);
        array(gen, writer, "iamRoles", generator::iamRoles);
        array(gen, writer, "iamInstanceProfiles", generator::iamInstanceProfiles);
        array(gen, writer, "secrets", generator::secrets);
        array(gen, writer, "ecrRepositories", generator::ecrRepositories);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      gen.writeFieldName("runnerConfig");
      writer.writeValue(gen, generator.runnerConfig());
      gen.writeArrayFieldStart("collectionErrors");
      gen.writeEndArray();
      gen.writeEndObject();
    }
  }

  private static <T> void array(JsonGenerator gen, ObjectWriter writer, String field, Consumer<Consumer<T>> section)
      throws IOException {
    gen.writeArrayFieldStart(field);
    section.accept(record -> {
      try {
        writer.writeValue(gen, record);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    gen.writeEndArray();
  }

  /** The same estate as an object graph (for tests and small scales; memory grows with the scale). */
  public Inventory build() {
    InventoryBuilder b = Inventory.builder();
    b.meta = generator.meta();
    generator.vpcs(b.vpcs::add);
    generator.subnets(b.subnets::add);
    generator.routeTables(b.routeTables::add);
    generator.internetGateways(b.internetGateways::add);
    generator.egressOnlyInternetGateways(b.egressOnlyInternetGateways::add);
    generator.natGateways(b.natGateways::add);
    generator.elasticIps(b.elasticIps::add);
    generator.securityGroups(b.securityGroups::add);
    generator.networkInterfaces(b.networkInterfaces::add);
    generator.instances(b.instances::add);
    generator.ecsClusters(b.ecsClusters::add);
    generator.ecsServices(b.ecsServices::add);
    generator.ecsTasks(b.ecsTasks::add);
    generator.taskDefinitions(b.taskDefinitions::add);
    generator.efsFileSystems(b.efsFileSystems::add);
    generator.efsMountTargets(b.efsMountTargets::add);
    generator.efsAccessPoints(b.efsAccessPoints::add);
    generator.iamRoles(b.iamRoles::add);
    generator.iamInstanceProfiles(b.iamInstanceProfiles::add);
    generator.secrets(b.secrets::add);
    generator.ecrRepositories(b.ecrRepositories::add);
    b.runnerConfig = generator.runnerConfig();
    return b.build();
  }
}
