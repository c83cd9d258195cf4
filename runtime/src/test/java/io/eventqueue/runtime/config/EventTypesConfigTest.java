package io.eventqueue.runtime.config;

import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.TypesMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypesConfigTest {
    @TempDir
    Path dir;

    private RuntimeConfig fromFile(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(List.of("--config=" + file), Map.of());
    }

    @Test
    void openModeWithNoDeclaredTypesIsTheDefault() {
        EventTypeRegistry types = ConfigLoader.load(List.of(), Map.of()).events().types();
        assertThat(types.mode()).isEqualTo(TypesMode.OPEN);
        assertThat(types.declared()).isEmpty();
        assertThat(types.names()).containsExactly("log", "metric");
    }

    @Test
    void theDocumentedShapeOfTheConfigFileIsRead() throws IOException {
        EventTypeRegistry types = fromFile("""
                events:
                  types:
                    mode: strict                      # or open (the default)
                    declared:
                      - type: com.example.order.created
                        schema: {type: object, required: [order], properties: {order: {type: integer}}}
                      - type: "com.example.audit.*"    # a prefix pattern, no schema
                """).events().types();
        assertThat(types.mode()).isEqualTo(TypesMode.STRICT);
        assertThat(types.declared()).extracting(d -> d.pattern())
                .containsExactly("com.example.order.created", "com.example.audit.*");
        assertThat(types.declared().get(0).schema()).isPresent();
    }

    @Test
    void declaredTypesCanComeAsJsonInAFlag() {
        EventTypeRegistry types = ConfigLoader.load(List.of("--events.types.declared=[{\"type\":\"a.b\"}]"), Map.of())
                .events().types();
        assertThat(types.declared()).extracting(d -> d.pattern()).containsExactly("a.b");
    }

    @Test
    void aBadSchemaStopsStartUpWithOneLineNamingIt() {
        assertThatThrownBy(() -> fromFile("""
                events:
                  types:
                    declared:
                      - type: ok
                      - type: com.example.bad
                        schema: {type: objekt}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: events.types.declared[1].schema: type com.example.bad: is not a valid JSON Schema")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingSchemaFileIsNamed() {
        assertThatThrownBy(() -> fromFile("""
                events: {types: {declared: [{type: a, schema-file: /nonexistent/schema.json}]}}
                """))
                .hasMessage("config: events.types.declared[0].schema-file: file not found: /nonexistent/schema.json");
    }

    @Test
    void boundsAreEnforced() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= EventTypesConfig.MAX_DECLARED_TYPES; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"t").append(i).append("\"}");
        }
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--events.types.declared=" + many + "]"), Map.of()))
                .hasMessageStartingWith("config: events.types.declared: at most 256 types may be declared");
        String deep = "{\"type\":\"object\",\"properties\":{\"a\":".repeat(20) + "{}" + "}}".repeat(20);
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--events.types.declared=[{\"type\":\"d\",\"schema\":" + deep + "}]"),
                Map.of())).hasMessageContaining("events.types.declared[0].schema: nests 41 levels deep; the limit is 32");
        String big = "{\"description\":\"" + "x".repeat(EventTypesConfig.MAX_SCHEMA_BYTES) + "\"}";
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--events.types.declared=[{\"type\":\"b\",\"schema\":" + big + "}]"),
                Map.of())).hasMessageContaining("events.types.declared[0].schema: is 65554 bytes of JSON; the limit is 65536");
    }

    @Test
    void entriesAreChecked() {
        assertThatThrownBy(() -> fromFile("events: {types: {declared: [{type: a, colour: red}]}}"))
                .hasMessageStartingWith("config: events.types.declared[0].colour: unknown key");
        assertThatThrownBy(() -> fromFile("events: {types: {declared: [{type: \"a*b\"}]}}"))
                .hasMessageStartingWith("config: events.types.declared[0].type: must be a type name");
        assertThatThrownBy(() -> fromFile("events: {types: {declared: [{type: a}, {type: a}]}}"))
                .hasMessage("config: events.types.declared[1].type: a is declared twice");
        assertThatThrownBy(() -> fromFile("events: {types: {declared: [{type: log}]}}"))
                .hasMessage("config: events.types.declared: type log is built in and cannot be declared");
        assertThatThrownBy(() -> fromFile("events: {types: {mode: lenient}}"))
                .hasMessageStartingWith("config: events.types.mode: ");
        assertThatThrownBy(() -> fromFile("events: {types: {declared: [{type: a, required-extensions: [Tenant]}]}}"))
                .hasMessageStartingWith("config: events.types.declared[0].required-extensions: ");
    }
}
