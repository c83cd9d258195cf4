package io.eventqueue.runtime.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eventqueue.runtime.auth.AdminCredentials;
import io.eventqueue.runtime.config.Roles;
import io.eventqueue.runtime.auth.TokenIssuer;
import io.eventqueue.runtime.config.Durations;
import io.eventqueue.runtime.event.Violation;
import io.eventqueue.runtime.limit.LoginThrottle;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /v1/tokens}: HTTP Basic with the admin credentials → {@code {"result":{"token","expires_at"}}}.
 * An optional JSON body narrows the token: {@code {"subject":"billing","roles":["writer"],"ttl":"15m"}}.
 */
public final class TokensService implements ApiService {
    public static final String TOKENS = "/v1/tokens";
    private static final int MAX_BODY_BYTES = 4096;
    private static final int MAX_SUBJECT_CHARS = 200;
    private static final String CHALLENGE = "Basic realm=\"" + BearerAuthenticator.REALM + "\", charset=\"UTF-8\"";

    private final AdminCredentials admin;
    private final TokenIssuer issuer;
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final LoginThrottle throttle;

    public TokensService(AdminCredentials admin, TokenIssuer issuer, Duration defaultTtl, Duration maxTtl) {
        this(admin, issuer, defaultTtl, maxTtl, null);
    }

    /** @param throttle limits failed logins per remote address; null for none */
    public TokensService(AdminCredentials admin, TokenIssuer issuer, Duration defaultTtl, Duration maxTtl,
                         LoginThrottle throttle) {
        this.throttle = throttle;
        this.admin = admin;
        this.issuer = issuer;
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
    }

    @Override
    public void routes(ApiRoutes routes) {
        routes.post(TOKENS, this::issue);
    }


    private record TokenRequest(String subject, List<String> roles, Duration ttl) {
    }

    private void issue(ServerRequest req, ServerResponse res) {
        checkBasicAuth(req);
        TokenRequest wanted = parse(req);
        TokenIssuer.IssuedToken token = issuer.issue(wanted.subject(), wanted.roles(), wanted.ttl());
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeStringField("token", token.token());
            g.writeStringField("expires_at", token.expiresAt().toString());
            g.writeStringField("subject", wanted.subject());
            g.writeFieldName("roles");
            Json.value(g, wanted.roles());
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private void checkBasicAuth(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new ProblemException(ProblemType.AUTHENTICATION_REQUIRED,
                    "send the admin credentials with HTTP Basic authentication (curl -u USER:PASSWORD)")
                    .header("WWW-Authenticate", CHALLENGE);
        }
        LoginThrottle.Attempt attempt = throttle == null ? null : throttle.begin(RequestLimits.remoteAddress(req));
        if (attempt != null && !attempt.allowed()) {
            throw new ProblemException(ProblemType.RATE_LIMITED,
                    "too many failed logins from this address; retry after " + attempt.retryAfterSeconds() + "s")
                    .with(ProblemMetrics.SCOPE, "client")
                    .header("Retry-After", Long.toString(attempt.retryAfterSeconds()));
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            throw badCredentials();
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon < 0) {
            throw badCredentials();
        }
        String user = new String(decoded, 0, colon, StandardCharsets.UTF_8);
        byte[] password = java.util.Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        if (!admin.matches(user, password)) {
            throw badCredentials();
        }
        if (attempt != null) {
            attempt.succeeded();
        }
    }

    private static ProblemException badCredentials() {
        return new ProblemException(ProblemType.INVALID_CREDENTIALS, "user name or password is wrong")
                .header("WWW-Authenticate", CHALLENGE);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private TokenRequest parse(ServerRequest req) {
        byte[] body = RequestBodies.read(req, MAX_BODY_BYTES);
        if (body.length == 0) {
            return new TokenRequest(admin.user(), Roles.ALL, defaultTtl);
        }
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "a token request body must be application/json");
        }
        String subject = admin.user();
        List<String> roles = Roles.ALL;
        Duration ttl = defaultTtl;
        List<Violation> errors = new ArrayList<>();
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "the body must be a JSON object");
            }
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (field) {
                    case "subject" -> {
                        String s = t == JsonToken.VALUE_STRING ? p.getText() : null;
                        if (s == null || s.isBlank() || s.length() > MAX_SUBJECT_CHARS || s.chars().anyMatch(Character::isISOControl)) {
                            errors.add(new Violation("subject", "must be a string of 1 to " + MAX_SUBJECT_CHARS + " printable characters"));
                        } else {
                            subject = s;
                        }
                    }
                    case "roles" -> roles = roles(p, t, errors);
                    case "ttl" -> {
                        Duration d = t == JsonToken.VALUE_STRING ? Durations.parse(p.getText()).orElse(null) : null;
                        if (d == null || d.isZero()) {
                            errors.add(new Violation("ttl", "must be a duration like 15m or 1h"));
                        } else if (d.compareTo(maxTtl) > 0) {
                            errors.add(new Violation("ttl", "must be at most " + Durations.format(maxTtl)));
                        } else {
                            ttl = d;
                        }
                    }
                    default -> {
                        p.skipChildren();
                        errors.add(new Violation(field, "unknown field (known: subject, roles, ttl)"));
                    }
                }
            }
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "malformed JSON in the token request");
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "the token request is invalid")
                    .with("errors", errors);
        }
        return new TokenRequest(subject, roles, ttl);
    }

    private static List<String> roles(JsonParser p, JsonToken t, List<Violation> errors) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            errors.add(new Violation("roles", "must be an array of " + Roles.ALL));
            return Roles.ALL;
        }
        List<String> roles = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING || !Roles.KNOWN.contains(p.getText())) {
                p.skipChildren();
                errors.add(new Violation("roles", "each role must be one of " + Roles.ALL));
            } else if (!roles.contains(p.getText())) {
                roles.add(p.getText());
            }
        }
        if (roles.isEmpty()) {
            errors.add(new Violation("roles", "must name at least one role"));
        }
        return List.copyOf(roles);
    }
}
