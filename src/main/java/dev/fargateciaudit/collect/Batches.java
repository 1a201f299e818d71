package dev.fargateciaudit.collect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Splits id lists into API batch sizes (DescribeServices takes 10, DescribeTasks 100, ...). */
final class Batches {
  private Batches() {}

  static <T> List<List<T>> of(Collection<T> items, int size) {
    List<T> all = new ArrayList<>(items);
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) out.add(List.copyOf(all.subList(i, Math.min(all.size(), i + size))));
    return out;
  }
}
