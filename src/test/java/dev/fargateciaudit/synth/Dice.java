package dev.fargateciaudit.synth;

/**
 * Seeded, order-independent randomness: every draw is a pure function of (seed, stream, index),
 * so a section can be generated on its own, in any order, and still give the same estate.
 */
final class Dice {
  private final long seed;

  Dice(long seed) {
    this.seed = seed;
  }

  /** 64 random bits for item {@code index} of stream {@code stream}. */
  long bits(int stream, long index) {
    return mix(seed ^ mix(stream * 0x9E3779B97F4A7C15L) + index * 0xBF58476D1CE4E5B9L);
  }

  /** True with probability {@code percent}/100. */
  boolean percent(int stream, long index, int percent) {
    return Long.remainderUnsigned(bits(stream, index), 100) < percent;
  }

  /** A value in {@code [0, n)}. */
  int pick(int stream, long index, int n) {
    return (int) Long.remainderUnsigned(bits(stream ^ 0x5bd1e995, index), n);
  }

  /** SplitMix64's finaliser: a bijection on 64-bit values, so distinct inputs give distinct ids. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
