package io.eventqueue.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialCheckTest {
    @Test
    void matchesOnlyIdenticalSecrets() {
        assertThat(CredentialCheck.matches("s3cret-pass", "s3cret-pass")).isTrue();
        assertThat(CredentialCheck.matches("s3cret-pass", "s3cret-pasS")).isFalse();
        assertThat(CredentialCheck.matches("s3cret-pass", "s3cret-pass ")).isFalse();
        assertThat(CredentialCheck.matches("s3cret-pass", "")).isFalse();
        assertThat(CredentialCheck.matches("s3cret-pass", null)).isFalse();
        assertThat(CredentialCheck.matches(null, null)).isFalse();
    }

    @Test
    void needsBothUserAndPassword() {
        assertThat(CredentialCheck.matches("admin", "pw", "admin", "pw")).isTrue();
        assertThat(CredentialCheck.matches("admin", "pw", "root", "pw")).isFalse();
        assertThat(CredentialCheck.matches("admin", "pw", "admin", "wrong")).isFalse();
    }

    @Test
    void adminImpliesEveryRole() {
        Principal admin = new Principal("ops", Set.of(Role.ADMIN));
        Principal writer = new Principal("svc", Set.of(Role.WRITER));
        assertThat(admin.has(Role.WRITER)).isTrue();
        assertThat(admin.has(Role.READER)).isTrue();
        assertThat(writer.has(Role.WRITER)).isTrue();
        assertThat(writer.has(Role.READER)).isFalse();
        assertThat(writer.has(Role.ADMIN)).isFalse();
    }
}
