package dev.fargateciaudit.planned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fargateciaudit.input.DidYouMean;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * Checks a JSON document against the request shape of an AWS API operation, taken from the AWS SDK's
 * own model (the same shape {@code aws ... --cli-input-json} accepts): every key must be a member of
 * the shape and every value of the member's type. Keys the audit does not use are accepted as long
 * as they are valid, so a file that AWS accepts is never rejected here.
 */
final class AwsShape {
  private AwsShape() {}

  /** Validates {@code node} at {@code pointer} against {@code shape}; throws a positioned error. */
  static void validate(PositionedJson doc, JsonNode node, String pointer, SdkPojo shape, String shapeName) {
    object(doc, node, pointer, shape.sdkFields(), shapeName);
  }

  private static void object(PositionedJson doc, JsonNode node, String pointer, List<SdkField<?>> fields, String shapeName) {
    if (!node.isObject()) throw doc.error(pointer, shapeName + " must be a JSON object");
    Map<String, SdkField<?>> byName = new LinkedHashMap<>();
    for (SdkField<?> f : fields) byName.put(f.locationName(), f);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = PositionedJson.child(pointer, e.getKey());
      SdkField<?> f = byName.get(e.getKey());
      if (f == null) {
        Set<String> known = new TreeSet<>(byName.keySet());
        String suggestion = DidYouMean.suggest(e.getKey(), known);
        throw doc.keyError(at, "unknown key in " + shapeName
            + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : " (expected one of " + known + ")"));
      }
      value(doc, e.getValue(), at, f, shapeName + "." + e.getKey());
    }
  }

  private static void value(PositionedJson doc, JsonNode v, String pointer, SdkField<?> f, String what) {
    if (v.isNull()) return;
    MarshallingType<?> t = f.marshallingType();
    if (t == MarshallingType.STRING) {
      if (!v.isTextual()) throw doc.error(pointer, what + " must be a string");
    } else if (t == MarshallingType.INTEGER || t == MarshallingType.LONG || t == MarshallingType.SHORT
        || t == MarshallingType.BYTE) {
      if (!v.isIntegralNumber()) throw doc.error(pointer, what + " must be an integer");
    } else if (t == MarshallingType.DOUBLE || t == MarshallingType.FLOAT || t == MarshallingType.BIG_DECIMAL) {
      if (!v.isNumber()) throw doc.error(pointer, what + " must be a number");
    } else if (t == MarshallingType.BOOLEAN) {
      if (!v.isBoolean()) throw doc.error(pointer, what + " must be true or false");
    } else if (t == MarshallingType.INSTANT) {
      if (!v.isNumber() && !v.isTextual()) throw doc.error(pointer, what + " must be a timestamp");
    } else if (t == MarshallingType.LIST) {
      if (!v.isArray()) throw doc.error(pointer, what + " must be a list");
      SdkField<?> member = f.getTrait(ListTrait.class).memberFieldInfo();
      for (int i = 0; i < v.size(); i++) value(doc, v.get(i), PositionedJson.child(pointer, i), member, what + "[" + i + "]");
    } else if (t == MarshallingType.MAP) {
      if (!v.isObject()) throw doc.error(pointer, what + " must be an object");
      SdkField<?> member = f.getTrait(MapTrait.class).valueFieldInfo();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        value(doc, e.getValue(), PositionedJson.child(pointer, e.getKey()), member, what + "." + e.getKey());
      }
    } else if (t == MarshallingType.SDK_POJO) {
      object(doc, v, pointer, f.constructor().get().sdkFields(), what);
    }
  }
}
