package io.eventqueue.runtime.http;

import io.eventqueue.runtime.EventQueueRuntime;
import io.eventqueue.runtime.config.ConfigLoader;
import io.eventqueue.runtime.config.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupHttpTest {
    @Test
    void anAddressInUseFailsTheStartInsteadOfRunningWithoutASocket() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RuntimeConfig config = ConfigLoader.load(List.of("--listen-addr=http://127.0.0.1:" + taken.getLocalPort(),
                    "--management-addr=http://127.0.0.1:0", "--auth.admin-password=" + TestRuntime.ADMIN_PASSWORD,
                    "--sinks.log.enabled=false", "--durability=memory"), Map.of());
            EventQueueRuntime runtime = EventQueueRuntime.builder(config).build();
            assertThatThrownBy(runtime::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("server.listen-addr http://127.0.0.1:" + taken.getLocalPort());
        }
    }
}
