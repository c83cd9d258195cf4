package io.eventqueue.runtime.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * An external OpenID Connect issuer whose tokens are accepted besides the runtime's own ({@code auth.external.*}).
 *
 * @param jwksUrl        where the issuer publishes its keys ({@code auth.external.jwks-url})
 * @param jwksFile       or a local JWKS file ({@code auth.external.jwks-file}); exactly one of the two
 * @param issuer         required {@code iss}
 * @param audience       required member of {@code aud}
 * @param rolesClaim     claim holding the roles: a dotted path ({@code realm_access.roles}); an array of strings
 *                       or a space-separated string ({@code scope})
 * @param roleMapping    issuer role name to runtime role; empty means the names {@code writer}, {@code reader},
 *                       {@code admin} are used as they are
 * @param refresh        how long fetched keys are used before they are fetched again
 * @param fetchTimeout   connect and read timeout for the JWKS URL
 * @param clockSkew      tolerated clock difference for {@code exp}, {@code nbf}, {@code iat}
 */
public record ExternalIssuerSettings(Optional<URI> jwksUrl, Optional<Path> jwksFile, String issuer, String audience,
                                     String rolesClaim, Map<String, Role> roleMapping, Duration refresh,
                                     Duration fetchTimeout, Duration clockSkew) {
    public ExternalIssuerSettings {
        if (jwksUrl.isPresent() == jwksFile.isPresent()) {
            throw new IllegalArgumentException("auth.external.jwks-url: set exactly one of jwks-url and jwks-file");
        }
        jwksUrl.ifPresent(url -> {
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
                throw new IllegalArgumentException("auth.external.jwks-url: must be an http(s) URL");
            }
        });
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("auth.external.issuer: required with an external issuer");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("auth.external.audience: required with an external issuer");
        }
        if (rolesClaim == null || rolesClaim.isBlank()) {
            throw new IllegalArgumentException("auth.external.roles-claim: must not be empty");
        }
        roleMapping = Map.copyOf(roleMapping);
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("auth.clock-skew: must be between 0s and 5m");
        }
    }

    /**
     * Parses {@code auth.external.role-mapping}: comma-separated {@code issuer-role=runtime-role} pairs, e.g.
     * {@code eq-producer=writer,eq-ops=admin}.
     */
    public static Map<String, Role> parseRoleMapping(String text) {
        Map<String, Role> mapping = new java.util.LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return mapping;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException(
                        "auth.external.role-mapping: expected issuer-role=runtime-role pairs separated by commas");
            }
            Role role = Role.parse(parts[1].trim()).orElseThrow(() -> new IllegalArgumentException(
                    "auth.external.role-mapping: unknown role '" + parts[1].trim() + "' (writer, reader, admin)"));
            mapping.put(parts[0].trim(), role);
        }
        return mapping;
    }
}
