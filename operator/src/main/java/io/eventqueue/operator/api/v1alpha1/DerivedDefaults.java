package io.eventqueue.operator.api.v1alpha1;

/**
 * A spec whose default for one field is another field's value, which a CRD schema default cannot express; applied
 * by {@link SpecDefaults} after the annotated defaults.
 */
interface DerivedDefaults<T> {
    T withDerivedDefaults();
}
