package dev.fargateciaudit.input;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a new file past the page cache ({@code O_DIRECT}) where the file system allows it, and
 * through the page cache where it does not.
 *
 * <p>Why: the reports are written once and not read back by this process, and at N = 100,000 they
 * are about 1 GB (findings.json 506 MB, the snapshot's copy 451 MB). Through the page cache, each
 * of those bytes first lands in a page the kernel must allocate; on a virtual machine that hands
 * freed memory back to its host, such a page is a fresh one, and 451 MB cost 1.46 s of kernel time
 * where the same bytes written past the cache cost 0.06 s (dd on the 2-core machine of
 * docs/performance.md, 2026-12-03). Past the cache, the bytes go from one reused, aligned buffer to
 * the device.
 *
 * <p>Direct I/O wants every write aligned to the file system's block, in memory, length and file
 * offset: bytes are gathered in an aligned buffer and written a whole buffer at a time; the last,
 * partial block is written padded with zeros and the file then truncated to its true length. So the
 * file is complete only after {@link OutputStream#close}, and {@link OutputStream#flush} writes
 * nothing: {@link AtomicFiles} publishes a file only after closing it.
 */
public final class UncachedFileOutput extends OutputStream {
  /** 1 MiB: each direct write waits for the device, so fewer, larger writes. */
  static final int BUFFER_BYTES = 1 << 20;
  /**
   * {@code -Dfca.noDirectWrites=true}: write through the page cache always, for a file system that
   * takes {@code O_DIRECT} when a file is opened but fails the writes (some network and FUSE file
   * systems do), and to compare the two. Read at each file, so tests can switch it.
   */
  static final String NO_DIRECT_WRITES = "fca.noDirectWrites";

  private final FileChannel channel;
  private final ByteBuffer buffer;
  private final int block;
  private boolean closed;

  private UncachedFileOutput(FileChannel channel, ByteBuffer buffer, int block) {
    this.channel = channel;
    this.buffer = buffer;
    this.block = block;
  }

  /**
   * A stream that replaces the contents of the existing file {@code file}: past the page cache when
   * the file system accepts direct I/O, else a plain {@link Files#newOutputStream}.
   */
  public static OutputStream open(Path file) throws IOException {
    OutputStream direct = openDirect(file);
    return direct != null ? direct : Files.newOutputStream(file);
  }

  /** Null when the file system or the platform refuses direct I/O (tmpfs on older kernels, for one). */
  static UncachedFileOutput openDirect(Path file) {
    if (Boolean.getBoolean(NO_DIRECT_WRITES)) return null;
    FileChannel channel = null;
    try {
      int block = Math.toIntExact(Files.getFileStore(file).getBlockSize());
      if (block <= 0 || BUFFER_BYTES % block != 0) return null;
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
          ExtendedOpenOption.DIRECT);
      ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES + block).alignedSlice(block);
      buffer.limit(BUFFER_BYTES);
      return new UncachedFileOutput(channel, buffer, block);
    } catch (IOException | RuntimeException e) {
      // UnsupportedOperationException (no such option here) or EINVAL (the file system refuses
      // O_DIRECT): the page cache it is.
      closeQuietly(channel);
      return null;
    }
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (!buffer.hasRemaining()) drain();
    buffer.put((byte) b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    ensureOpen();
    Objects.checkFromIndexSize(offset, length, bytes.length);
    while (length > 0) {
      if (!buffer.hasRemaining()) drain();
      int n = Math.min(length, buffer.remaining());
      buffer.put(bytes, offset, n);
      offset += n;
      length -= n;
    }
  }

  /**
   * Appends {@code in}'s bytes from its position to its end, read straight into the aligned buffer
   * (no copy through the heap); returns how many.
   */
  public long transferFrom(FileChannel in) throws IOException {
    ensureOpen();
    long total = 0;
    while (true) {
      if (!buffer.hasRemaining()) drain();
      int n = in.read(buffer);
      if (n < 0) return total;
      total += n;
    }
  }

  /** Writes the full buffer; the channel's position stays a multiple of the block. */
  private void drain() throws IOException {
    buffer.flip();
    writeFully();
    buffer.clear().limit(BUFFER_BYTES);
  }

  private void writeFully() throws IOException {
    while (buffer.hasRemaining()) channel.write(buffer);
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try (FileChannel c = channel) {
      int tail = buffer.position();
      if (tail > 0) {
        long end = c.position() + tail;
        int padded = (tail + block - 1) / block * block;
        buffer.limit(padded);
        while (buffer.hasRemaining()) buffer.put((byte) 0);
        buffer.flip();
        writeFully();
        c.truncate(end);
      }
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) throw new IOException("stream closed");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was written through it.
    }
  }
}
