package io.eventqueue.operator.cluster;

import io.eventqueue.operator.api.v1alpha1.EventQueue;
import io.eventqueue.operator.api.v1alpha1.EventQueueStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every status one EventQueue went through, in order, from a watch opened before it is created: a test can then check
 * a property of all of them, not only of the ones its polls happened to see.
 */
final class StatusHistory implements Watcher<EventQueue>, AutoCloseable {
    private final List<EventQueueStatus> statuses = new CopyOnWriteArrayList<>();
    private final Watch watch;

    StatusHistory(KubernetesClient client, String namespace, String name) {
        watch = client.resources(EventQueue.class).inNamespace(namespace).withName(name).watch(this);
    }

    @Override
    public void eventReceived(Action action, EventQueue resource) {
        EventQueueStatus status = resource.getStatus();
        if (status != null && (statuses.isEmpty() || !statuses.getLast().equals(status))) {
            statuses.add(status);
        }
    }

    @Override
    public void onClose(WatcherException cause) {
    }

    List<EventQueueStatus> statuses() {
        return List.copyOf(statuses);
    }

    @Override
    public void close() {
        watch.close();
    }
}
