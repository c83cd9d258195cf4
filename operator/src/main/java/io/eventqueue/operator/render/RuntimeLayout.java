package io.eventqueue.operator.render;

/** Ports and paths of the runtime inside a pod (docs/configuration.md, "Files in a pod"). */
public final class RuntimeLayout {
    public static final int HTTP_PORT = 8080;
    public static final int MANAGEMENT_PORT = 9090;
    public static final String HTTP_PORT_NAME = "http";
    public static final String MANAGEMENT_PORT_NAME = "management";
    public static final String LIVE_PATH = "/health/live";
    public static final String READY_PATH = "/health/ready";
    public static final String METRICS_PATH = "/metrics";

    public static final String CONFIG_DIR = "/etc/eventqueue";
    public static final String CONFIG_FILE = CONFIG_DIR + "/config.yaml";
    public static final String CONFIG_KEY = "config.yaml";
    public static final String SECRETS_DIR = CONFIG_DIR + "/secrets";
    public static final String ADMIN_USER_KEY = "admin-user";
    public static final String ADMIN_PASSWORD_KEY = "admin-password";
    public static final String JWT_KEY_KEY = "jwt-key";
    public static final String TLS_DIR = CONFIG_DIR + "/tls";
    public static final String DATA_DIR = "/var/lib/eventqueue";
    /** Kafka credentials: {@code ca/ca.crt}, {@code client/tls.crt} + {@code tls.key}, {@code sasl/username} + {@code password}. */
    public static final String KAFKA_DIR = CONFIG_DIR + "/kafka";
    /** The pod name, for the runtime's static group membership ({@code kafka.instance-id}). */
    public static final String KAFKA_INSTANCE_ID_ENV = "EVENTQUEUE_KAFKA_INSTANCE_ID";
    public static final String TMP_DIR = "/tmp";

    /** The container user: any non-root id works, 65532 is the conventional "nonroot" of distroless images. */
    public static final long RUN_AS_USER = 65532L;
    /** Seconds between the endpoints controller dropping a pod and the runtime starting to drain. */
    public static final int PRE_STOP_SECONDS = 5;

    private RuntimeLayout() {
    }
}
