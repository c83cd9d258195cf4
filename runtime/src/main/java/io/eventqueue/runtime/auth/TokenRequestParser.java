package io.eventqueue.runtime.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the optional JSON body of {@code POST /v1/tokens}:
 * {@code {"sub": "billing", "roles": ["writer"], "ttl": "15m"}} (ttl also as whole seconds). Every field is
 * optional; unknown fields, unknown roles and lifetimes above the policy's maximum are refused rather than
 * silently trimmed, so a caller never holds a token that differs from what it asked for.
 */
public final class TokenRequestParser {
    /** Bigger bodies are refused before parsing. */
    public static final int MAX_BODY_BYTES = 4096;

    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:/+-]{0,127}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
    private static final Set<String> FIELDS = Set.of("sub", "roles", "ttl");

    private final TokenPolicy policy;
    private final ObjectMapper mapper;

    public TokenRequestParser(TokenPolicy policy) {
        this.policy = policy;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(4).maxStringLength(1024).maxNumberLength(20).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /**
     * @param body           the request body, possibly empty
     * @param defaultSubject the subject when the body names none (the authenticated user)
     */
    public TokenRequest parse(byte[] body, String defaultSubject) throws InvalidTokenRequestException {
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidTokenRequestException("token request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (isBlank(body)) {
            return new TokenRequest(defaultSubject, policy.defaultRoles(), policy.defaultTtl());
        }
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw new InvalidTokenRequestException("token request must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidTokenRequestException("unknown field in token request (allowed: sub, roles, ttl)");
            }
        }
        String subject = root.has("sub") ? subject(root.get("sub")) : defaultSubject;
        Set<Role> roles = root.has("roles") ? roles(root.get("roles")) : policy.defaultRoles();
        Duration ttl = root.has("ttl") ? ttl(root.get("ttl")) : policy.defaultTtl();
        return new TokenRequest(subject, roles, ttl);
    }

    private JsonNode readTree(byte[] body) throws InvalidTokenRequestException {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode root = mapper.readTree(parser);
            if (root == null || parser.nextToken() != null) {
                throw new InvalidTokenRequestException("token request must be exactly one JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new InvalidTokenRequestException("token request is not valid JSON");
        }
    }

    private static String subject(JsonNode node) throws InvalidTokenRequestException {
        if (!node.isTextual() || !SUBJECT.matcher(node.textValue()).matches()) {
            throw new InvalidTokenRequestException(
                    "sub must be 1-128 characters of letters, digits and . _ @ : / + - (starting with a letter or digit)");
        }
        return node.textValue();
    }

    private static Set<Role> roles(JsonNode node) throws InvalidTokenRequestException {
        if (!node.isArray() || node.isEmpty() || node.size() > Role.values().length) {
            throw new InvalidTokenRequestException("roles must be a non-empty array of writer, reader, admin");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new InvalidTokenRequestException("roles must be a non-empty array of writer, reader, admin");
            }
            roles.add(Role.parse(element.textValue()).orElseThrow(
                    () -> new InvalidTokenRequestException("unknown role (allowed: writer, reader, admin)")));
        }
        return roles;
    }

    private Duration ttl(JsonNode node) throws InvalidTokenRequestException {
        Duration ttl;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            ttl = Duration.ofSeconds(node.longValue());
        } else if (node.isTextual()) {
            Matcher m = DURATION.matcher(node.textValue());
            if (!m.matches()) {
                throw new InvalidTokenRequestException("ttl must be whole seconds or a duration such as 90s, 15m, 1h");
            }
            long amount = Long.parseLong(m.group(1));
            ttl = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } else {
            throw new InvalidTokenRequestException("ttl must be whole seconds or a duration such as 90s, 15m, 1h");
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidTokenRequestException("ttl must be at least 1s");
        }
        if (ttl.compareTo(policy.maxTtl()) > 0) {
            throw new InvalidTokenRequestException("ttl exceeds the maximum of " + policy.maxTtl().toSeconds() + "s");
        }
        return ttl;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
