package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fargateciaudit.input.Mappers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parallel reader must return exactly what {@link SnapshotReader} returns, or nothing: it is
 * trusted with every valid snapshot, and whatever it declines is read again by SnapshotReader.
 */
class ParallelSnapshotReaderTest {
  private static byte[] estate;

  @BeforeAll
  static void generate() throws IOException {
    estate = SyntheticSnapshot.json(300, 5);
  }

  @Test
  void readsTheExamplesAndASyntheticEstateAsSnapshotReaderDoes() throws IOException {
    for (String example : List.of("blog-setup", "hardened")) {
      byte[] json = Files.readAllBytes(Path.of("examples", example, "inventory.json"));
      assertThat(parallel(json, Integer.MAX_VALUE)).as(example).isNotNull().isEqualTo(sequential(json));
    }
    Inventory inv = parallel(estate, Integer.MAX_VALUE);
    // More task definitions than a batch holds, and a file larger than the splitter's buffer.
    assertThat(inv.taskDefinitions()).hasSizeGreaterThan(ParallelSnapshotReader.BATCH);
    assertThat(estate.length).isGreaterThan(1 << 20);
    assertThat(inv).isEqualTo(sequential(estate));
  }

  @Test
  void readsTheSameWhateverSizeTheReadsOfTheFileAre() throws IOException {
    byte[] json = Files.readAllBytes(Path.of("examples", "blog-setup", "inventory.json"));
    Inventory expected = sequential(json);
    for (int chunk : new int[] {1, 2, 3, 7, 64, 4093}) {
      assertThat(parallel(json, chunk)).as("reads of %d bytes", chunk).isEqualTo(expected);
    }
    assertThat(parallel(estate, 8191)).isEqualTo(sequential(estate));
  }

  @Test
  void takesAnyLayoutOfTheSameDocument() throws IOException {
    JsonNode tree = Mappers.json().readTree(estate);
    byte[] compact = Mappers.json().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(tree);
    // Every kind of JSON whitespace, before and after colons and commas.
    DefaultPrettyPrinter odd = new DefaultPrettyPrinter()
        .withArrayIndenter(new DefaultIndenter("\t", "\r\n"))
        .withObjectIndenter(new DefaultIndenter(" ", "\n"));
    byte[] spaced = Mappers.json().writer(odd).writeValueAsBytes(tree);
    assertThat(new String(spaced, StandardCharsets.UTF_8)).contains("[\r\n\t", "\" : ");
    Inventory expected = sequential(estate);
    assertThat(parallel(compact, Integer.MAX_VALUE)).isEqualTo(expected);
    assertThat(parallel(spaced, 5)).isEqualTo(expected);
  }

  @Test
  void declinesEverySnapshotOfTheBadInputCorpus() throws IOException {
    int files = 0;
    try (Stream<Path> corpus = Files.list(Path.of("src/test/resources/bad-input/snapshot"))) {
      for (Path f : corpus.sorted().toList()) {
        byte[] json = Files.readAllBytes(f);
        assertThat(parallel(json, Integer.MAX_VALUE)).as(f.toString()).isNull();
        assertThat(parallel(json, 3)).as(f.toString()).isNull();
        files++;
      }
    }
    assertThat(files).isGreaterThan(20);
  }

  @Test
  void declinesARecordWithAMemberTwiceWhereverItIs() throws IOException {
    // Its parser leaves duplicate detection to the pre-check's token walk: a property of the
    // record, a member of a string map, a member of a policy document (a tree of any shape).
    Path corpus = Path.of("src/test/resources/bad-input/snapshot");
    var cases = List.of(
        List.of("duplicate-key-in-record.json", ", \"id\": \"vpc-0aaaaaaaaaaaaaaaa\""),
        List.of("duplicate-key-in-tags.json", ", \"Name\": \"prod\""),
        List.of("duplicate-key-in-policy.json", ", \"Effect\": \"Deny\""));
    for (List<String> c : cases) {
      String twice = Files.readString(corpus.resolve(c.get(0)));
      String once = twice.replace(c.get(1), "");
      assertThat(once).as(c.get(0)).isNotEqualTo(twice);
      assertThat(parallel(once.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE)).as(c.get(0)).isNotNull()
          .isEqualTo(sequential(once.getBytes(StandardCharsets.UTF_8)));
      assertThat(parallel(twice.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE)).as(c.get(0)).isNull();
    }
  }

  @Test
  void declinesWhatItCannotVouchForAndTheLoadStillReadsIt() throws IOException {
    String blog = Files.readString(Path.of("examples", "blog-setup", "inventory.json"));
    List<String> valid = List.of(
        // A member name with an escape, the same name to JSON.
        blog.replaceFirst("\"vpcs\"", "\"vp\\\\u0063s\""),
        // A port written 22.0: an integer to JSON Schema, not certainly one to the pre-check.
        blog.replaceFirst("\"fromPort\": 22,", "\"fromPort\": 22.0,"),
        // A byte-order mark before the document.
        "\uFEFF" + blog);
    for (String json : valid) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      assertThat(bytes).isNotEqualTo(blog.getBytes(StandardCharsets.UTF_8));
      assertThat(parallel(bytes, Integer.MAX_VALUE)).isNull();
      Object sequential = outcome(() -> sequential(bytes));
      Object loaded = outcome(() -> InventoryJson.read("snapshot.json", bytes));
      assertThat(loaded).isEqualTo(sequential);
    }
  }

  @Test
  void declinesAListWhoseRecordsHaveNoPrecheck() throws IOException {
    // A pre-check that covers no list (the schema has a keyword it does not know): nothing passes.
    SchemaPrecheck none = SchemaPrecheck.of(Mappers.json().readTree("{\"properties\": {}}"));
    try (var p = none.checking(Mappers.json().createParser("{\"id\": \"vpc-1\"}"))) {
      p.expect("vpcs");
      while (p.nextToken() != null) {
        // read the record through
      }
      assertThat(p.passed()).isFalse();
    }
  }

  /** The inventory read, or the error as its class and message. */
  private static Object outcome(Callable<Inventory> read) {
    try {
      return read.call();
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static Inventory sequential(byte[] json) {
    return SnapshotReader.read("snapshot.json", () -> Mappers.json().createParser(json));
  }

  /** The parallel reader over {@code json}, read at most {@code chunk} bytes at a time. */
  private static Inventory parallel(byte[] json, int chunk) {
    return ParallelSnapshotReader.read("snapshot.json", () -> new Trickle(json, chunk));
  }

  /** A channel that hands out at most {@code chunk} bytes per read, to cut the file anywhere. */
  private static final class Trickle implements ReadableByteChannel {
    private final ReadableByteChannel in;
    private final int chunk;

    Trickle(byte[] json, int chunk) {
      this.in = Channels.newChannel(new ByteArrayInputStream(json));
      this.chunk = chunk;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (dst.remaining() <= chunk) return in.read(dst);
      ByteBuffer part = dst.slice().limit(chunk);
      int n = in.read(part);
      if (n > 0) dst.position(dst.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return in.isOpen();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
