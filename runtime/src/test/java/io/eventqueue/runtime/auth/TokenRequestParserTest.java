package io.eventqueue.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRequestParserTest {
    private final TokenRequestParser parser = new TokenRequestParser(
            new TokenPolicy(Set.of(Role.WRITER, Role.READER), Duration.ofHours(1), Duration.ofHours(24)));

    private TokenRequest parse(String body) throws InvalidTokenRequestException {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), "admin");
    }

    @Test
    void anEmptyBodyGetsThePolicyDefaults() throws Exception {
        assertThat(parse("")).isEqualTo(new TokenRequest("admin", Set.of(Role.WRITER, Role.READER), Duration.ofHours(1)));
        assertThat(parse(" \r\n")).isEqualTo(parse(""));
    }

    @Test
    void readsSubjectRolesAndTtl() throws Exception {
        assertThat(parse("{\"sub\":\"billing-svc\",\"roles\":[\"writer\"],\"ttl\":\"15m\"}"))
                .isEqualTo(new TokenRequest("billing-svc", Set.of(Role.WRITER), Duration.ofMinutes(15)));
        assertThat(parse("{\"ttl\":90}").ttl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("{\"roles\":[\"admin\",\"admin\"]}").roles()).containsExactly(Role.ADMIN);
        assertThat(parse("{\"ttl\":\"24h\"}").ttl()).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]", "\"writer\"", "null", "{", "{\"sub\":\"a\"} {}", "{\"roles\":[]}", "{\"roles\":[\"root\"]}",
        "{\"roles\":\"writer\"}", "{\"roles\":[1]}", "{\"roles\":[\"writer\",\"reader\",\"admin\",\"writer\"]}",
        "{\"ttl\":\"25h\"}", "{\"ttl\":86401}", "{\"ttl\":0}", "{\"ttl\":-5}", "{\"ttl\":1.5}", "{\"ttl\":\"1d\"}",
        "{\"ttl\":\"99999999999999999999s\"}", "{\"ttl\":1e400}", "{\"sub\":\"\"}", "{\"sub\":\"a\\r\\nb\"}",
        "{\"sub\":\"../../etc\"}", "{\"sub\":12}", "{\"scope\":\"all\"}", "{\"sub\":\"a\",\"sub\":\"b\"}",
        "{\"roles\":[[[[[[\"writer\"]]]]]]}"
    })
    void refusesMalformedOrExcessiveRequests(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(InvalidTokenRequestException.class);
    }

    @Test
    void refusesALongSubjectAndAnOversizedBody() {
        assertThatThrownBy(() -> parse("{\"sub\":\"" + "a".repeat(129) + "\"}"))
                .isInstanceOf(InvalidTokenRequestException.class);
        assertThatThrownBy(() -> parse("{\"sub\":\"a\"}" + " ".repeat(5000)))
                .hasMessageContaining("larger than 4096 bytes");
    }

    @Test
    void refusesAPolicyWhoseDefaultExceedsItsMaximum() {
        assertThatThrownBy(() -> new TokenPolicy(Set.of(Role.WRITER), Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageStartingWith("auth.token-ttl:");
    }
}
