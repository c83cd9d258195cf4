package io.eventqueue.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files generated from {@link ConfigKeys} are what it generates now ({@code make config-docs} rewrites them). */
class ConfigReferenceTest {

    @Test
    void theConfigurationDocsKeysTableIsGeneratedFromTheDeclarations() throws IOException {
        String doc = Files.readString(ConfigLoaderTest.findRepoFile(ConfigReference.DOC), StandardCharsets.UTF_8);
        assertThat(doc).as("run make config-docs").isEqualTo(ConfigReference.withKeysTable(doc));
    }

    @Test
    void theOperatorsKeyNamesAreGeneratedFromTheDeclarations() throws IOException {
        String keys = Files.readString(ConfigLoaderTest.findRepoFile(ConfigReference.OPERATOR_KEYS), StandardCharsets.UTF_8);
        assertThat(keys).as("run make config-docs").isEqualTo(ConfigReference.operatorKeys());
    }

    /** The operator's constant for a key has the name of the runtime's, so one grep finds both sides. */
    @Test
    void eachDeclarationIsNamedAfterItsKeyInDeclarationOrder() throws IllegalAccessException {
        List<String> keys = new ArrayList<>();
        for (Field f : ConfigKeys.class.getDeclaredFields()) {
            if (f.getType() == ConfigKey.class && Modifier.isPublic(f.getModifiers())) {
                ConfigKey k = (ConfigKey) f.get(null);
                assertThat(f.getName()).isEqualTo(ConfigReference.constant(k.name()));
                keys.add(k.name());
            }
        }
        assertThat(keys).containsExactlyInAnyOrderElementsOf(ConfigKeys.names());
    }

    @Test
    void everyDefaultIsAValidValue() {
        assertThat(ConfigLoader.load(List.of(), java.util.Map.of()).queue().capacity()).isEqualTo(100);
    }
}
