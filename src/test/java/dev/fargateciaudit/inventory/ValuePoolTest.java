package dev.fargateciaudit.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Bound strings are pooled by the value they decode to, whatever the escapes that spelled them. */
class ValuePoolTest {
  @Test
  void boundStringsWithEscapesArePooledByTheirDecodedValue() throws IOException {
    ValuePool pool = new ValuePool();
    String json = "[{\"id\": \"vpc-\\u0031\", \"region\": \"eu-west-2\", \"cidrBlock\": \"10.0.0.0/16\", \"isDefault\": false},"
        + " {\"id\": \"vpc-2\", \"region\": \"eu-\\u0077est-2\", \"cidrBlock\": \"10.1.0.0/16\", \"isDefault\": false}]";
    Vpc[] vpcs = pool.reader(Vpc[].class).readValue(json);
    assertThat(vpcs[0].id()).isEqualTo("vpc-1");
    assertThat(vpcs[1].region()).isEqualTo("eu-west-2").isSameAs(vpcs[0].region());
    assertThat(pool.string(new String("eu-west-2"))).isSameAs(vpcs[0].region());
  }
}
