package io.eventqueue.runtime.http;

import io.eventqueue.runtime.testing.TestRuntime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupHttpTest {
    @Test
    void anAddressInUseFailsTheStartInsteadOfRunningWithoutASocket(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestRuntime.start(dir, "--listen-addr=http://127.0.0.1:" + taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("server.listen-addr http://127.0.0.1:" + taken.getLocalPort());
        }
    }
}
