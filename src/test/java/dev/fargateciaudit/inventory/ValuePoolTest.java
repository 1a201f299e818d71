package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The pool's two lookups, from a string and from the parser's characters, share one set of strings. */
class ValuePoolTest {
  private static String fromChars(ValuePool pool, String padded, int offset, int length) {
    return pool.string(padded.toCharArray(), offset, length);
  }

  @Test
  void aValueLookedUpFromCharactersIsTheStringSeenBeforeEitherWay() {
    ValuePool pool = new ValuePool();
    String region = pool.string(new String("eu-west-2"));
    assertThat(fromChars(pool, "[eu-west-2]", 1, 9)).isSameAs(region);

    String vpc = fromChars(pool, "xxvpc-0a1b2c", 2, 10);
    assertThat(vpc).isEqualTo("vpc-0a1b2c");
    assertThat(pool.string(new String("vpc-0a1b2c"))).isSameAs(vpc);
    assertThat(fromChars(pool, "vpc-0a1b2c", 0, 10)).isSameAs(vpc);
  }

  @Test
  void textBeyondLatin1AndTheEmptyStringComeBackEqual() {
    ValuePool pool = new ValuePool();
    for (String s : new String[] {"équipe-ci", "ci-\uD83D\uDE80-runner", "日本語", ""}) {
      String first = fromChars(pool, "<" + s + ">", 1, s.length());
      assertThat(first).isEqualTo(s).hasSameHashCodeAs(s);
      assertThat(pool.string(new String(s))).isSameAs(first);
    }
  }

  @Test
  void stringsOfTheSameHashButOtherCharactersAreNotTakenForEachOther() {
    ValuePool pool = new ValuePool();
    // "Aa" and "BB" have the same String.hashCode, so they land in the same slot.
    String aa = pool.string(new String("Aa"));
    assertThat(fromChars(pool, "BB", 0, 2)).isEqualTo("BB");
    assertThat(fromChars(pool, "Aa", 0, 2)).isEqualTo(aa);
    assertThat(fromChars(pool, "Aab", 0, 3)).isEqualTo("Aab");
  }

  @Test
  void boundStringsWithEscapesArePooledByTheirDecodedValue() throws IOException {
    ValuePool pool = new ValuePool();
    String json = "[{\"id\": \"vpc-\\u0031\", \"region\": \"eu-west-2\", \"cidrBlock\": \"10.0.0.0/16\", \"isDefault\": false},"
        + " {\"id\": \"vpc-2\", \"region\": \"eu-\\u0077est-2\", \"cidrBlock\": \"10.1.0.0/16\", \"isDefault\": false}]";
    Vpc[] vpcs = pool.reader(Vpc[].class).readValue(json);
    assertThat(vpcs[0].id()).isEqualTo("vpc-1");
    assertThat(vpcs[1].region()).isEqualTo("eu-west-2").isSameAs(vpcs[0].region());
  }
}
