package io.eventqueue.operator.api.v1alpha1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.generator.annotation.Default;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API server's structural defaulting, done in Java for specs that did not pass through it (the {@code render}
 * command, the mock server, objects stored before a default existed): each unset field with an {@link Default}
 * annotation gets that default, read as the CRD's schema default is, and each set or defaulted nested spec — in a
 * list too — is defaulted in turn. The annotations are the only place a default is written; defaults derived from
 * other fields come from {@link DerivedDefaults}. An absent list or map reads as empty.
 */
final class SpecDefaults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecDefaults() {
    }

    @SuppressWarnings("unchecked")
    static <T extends Record> T apply(T spec) {
        Class<T> type = (Class<T>) spec.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            values[i] = defaulted(type, c, read(spec, c));
        }
        try {
            Constructor<T> canonical = type.getDeclaredConstructor(types);
            T filled = canonical.newInstance(values);
            return filled instanceof DerivedDefaults<?> d ? (T) d.withDerivedDefaults() : filled;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot default " + type.getSimpleName(), e);
        }
    }

    private static Object defaulted(Class<?> owner, RecordComponent c, Object value) {
        if (value == null) {
            Default d = annotation(owner, c);
            if (d != null) {
                value = parse(d.value(), JSON.getTypeFactory().constructType(c.getGenericType()), owner, c);
            } else if (List.class.isAssignableFrom(c.getType())) {
                return List.of();
            } else if (Map.class.isAssignableFrom(c.getType())) {
                return Map.of();
            } else {
                return null;
            }
        }
        if (value instanceof Record r && r.getClass().getPackage() == SpecDefaults.class.getPackage()) {
            return apply(r);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            for (Object item : list) {
                items.add(item instanceof Record r && r.getClass().getPackage() == SpecDefaults.class.getPackage()
                        ? apply(r) : item);
            }
            return List.copyOf(items);
        }
        return value;
    }

    /** A schema default is JSON ({@code {}}, {@code 1000}, {@code false}), or the bare text of a string or enum. */
    private static Object parse(String text, JavaType type, Class<?> owner, RecordComponent c) {
        try {
            if (type.getRawClass() == String.class || type.isEnumType()) {
                return JSON.convertValue(text, type);
            }
            return JSON.readValue(text, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException(owner.getSimpleName() + "." + c.getName() + ": @Default(\"" + text
                    + "\") is not a " + type.getRawClass().getSimpleName(), e);
        }
    }

    private static Default annotation(Class<?> owner, RecordComponent c) {
        try {
            return owner.getDeclaredField(c.getName()).getAnnotation(Default.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(owner.getSimpleName() + " has no field " + c.getName(), e);
        }
    }

    private static Object read(Record spec, RecordComponent c) {
        try {
            return c.getAccessor().invoke(spec);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
