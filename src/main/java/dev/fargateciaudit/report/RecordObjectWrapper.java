package dev.fargateciaudit.report;

import freemarker.template.DefaultObjectWrapper;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.Version;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * FreeMarker's default object wrapper, except that a record is a hash of its components,
 * {@code x.name} reading the component through its accessor, and of its other public methods without
 * parameters, {@code x.isEmpty()} calling one. The report's model is all records: wrapped as beans,
 * each record type was first introspected (java.beans, with its look-ups of {@code BeanInfo} classes,
 * then FreeMarker's own method tables), most of the cost of rendering the page of a small estate.
 * Strings, numbers, booleans, lists and maps are wrapped as by the default.
 */
final class RecordObjectWrapper extends DefaultObjectWrapper {
  /** What a record type shows a template: its components' accessors, then its other public methods without parameters. */
  private record Members(Map<String, Method> components, Map<String, Method> methods) {}

  private static final ClassValue<Members> MEMBERS = new ClassValue<>() {
    @Override
    protected Members computeValue(Class<?> type) {
      Map<String, Method> components = new HashMap<>();
      for (RecordComponent c : type.getRecordComponents()) {
        Method accessor = c.getAccessor();
        accessor.setAccessible(true);
        components.put(c.getName(), accessor);
      }
      Map<String, Method> methods = new HashMap<>();
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
            && !components.containsKey(m.getName()) && !OBJECT_METHODS.contains(m.getName())) {
          m.setAccessible(true);
          methods.put(m.getName(), m);
        }
      }
      return new Members(components, methods);
    }
  };

  private static final Set<String> OBJECT_METHODS = Set.of("toString", "hashCode");

  RecordObjectWrapper(Version incompatibleImprovements) {
    super(incompatibleImprovements);
  }

  @Override
  protected TemplateModel handleUnknownType(Object obj) throws TemplateModelException {
    if (obj instanceof Record r) return new RecordModel(r);
    return super.handleUnknownType(obj);
  }

  /** A record as a hash of its members; a name it has no member of reads as missing. */
  private final class RecordModel implements TemplateHashModel {
    private final Record record;

    RecordModel(Record record) {
      this.record = record;
    }

    @Override
    public TemplateModel get(String key) throws TemplateModelException {
      Members members = MEMBERS.get(record.getClass());
      Method accessor = members.components().get(key);
      if (accessor != null) return call(accessor);
      Method method = members.methods().get(key);
      if (method == null) return null;
      return (TemplateMethodModelEx) args -> {
        if (!args.isEmpty()) throw new TemplateModelException(key + "() takes no arguments");
        return call(method);
      };
    }

    private TemplateModel call(Method m) throws TemplateModelException {
      try {
        return wrap(m.invoke(record));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new TemplateModelException("calling " + record.getClass().getSimpleName() + "." + m.getName() + "()", e);
      }
    }

    @Override
    public boolean isEmpty() {
      return false;
    }
  }
}
