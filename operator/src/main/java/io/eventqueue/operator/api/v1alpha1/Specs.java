package io.eventqueue.operator.api.v1alpha1;

/** Helpers shared by the spec records. */
final class Specs {
    /** Runtime duration syntax (docs/configuration.md): 250ms, 3s, 1m, 1h. */
    static final String DURATION = "^[0-9]+(ms|s|m|h)$";
    /** Runtime size syntax (docs/configuration.md): bytes, or KiB, MiB, GiB. */
    static final String SIZE = "^[0-9]+(B|KiB|MiB|GiB)?$";
    /** Kubernetes quantity as used for cpu and memory. */
    static final String QUANTITY = "^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$";

    private Specs() {
    }
}
