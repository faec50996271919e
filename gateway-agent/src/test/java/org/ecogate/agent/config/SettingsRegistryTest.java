package org.ecogate.agent.config;

import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings registry and the loader agree: every key the config loader accepts in the sections made of settings
 * (gateway, buffer, uplink, log, web) is in {@link Settings#ALL}, and every registry key of those sections is one the
 * loader accepts (or a fixed one). The keys accepted are read from the records the loader binds, so a field added to
 * a section without its setting fails here.
 */
class SettingsRegistryTest {
    /** Registry entries the loader does not read from the file on purpose (shown by `ecogate config defaults`). */
    private static final Set<String> FIXED = Set.of("uplink.reconnectMin", "uplink.reconnectMax", "uplink.redAfter");
    private static final Set<String> SECTIONS = Set.of("gateway", "buffer", "uplink", "log", "web");

    @Test
    void everyKeyTheLoaderAcceptsIsARegisteredSetting() {
        Set<String> accepted = new TreeSet<>();
        keys("", ConfigLoader.RawConfig.class, accepted);
        Set<String> inSections = accepted.stream().filter(k -> SECTIONS.contains(k.split("[.\\[]")[0])).collect(Collectors.toCollection(TreeSet::new));
        Set<String> registered = Settings.ALL.stream().map(Setting::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(inSections).as("keys the loader accepts").contains("uplink.latency", "uplink.keepAlive", "buffer.maxBytes");
        assertThat(registered).as("Settings.ALL holds every key the loader accepts").containsAll(inSections);
        Set<String> registeredInSections = registered.stream().filter(k -> SECTIONS.contains(k.split("[.\\[]")[0]))
                .filter(k -> !FIXED.contains(k)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(inSections).as("the loader accepts every registered key").containsAll(registeredInSections);
    }

    @Test
    void senderLimitsAreSyncProtocolsOwnNumbers() {
        assertThat(Settings.UPLINK_BATCH_MAX_RECORDS.max()).isEqualTo(org.ecogate.sync.SenderSettings.BATCH_MAX_RECORDS.max());
        assertThat(Settings.UPLINK_LATENCY.defaultValue()).isEqualTo(org.ecogate.sync.SenderSettings.LATENCY.defaultValue());
        assertThat(Settings.UPLINK_STATUS_INTERVAL.min()).isEqualTo(org.ecogate.sync.SenderSettings.STATUS_INTERVAL.min());
    }

    /** The YAML keys of {@code type}'s record components under {@code prefix}, lists of records as {@code name[].}. */
    private static void keys(String prefix, Class<?> type, Set<String> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + c.getName();
            Class<?> t = c.getType();
            if (t.isRecord()) {
                keys(key + ".", t, out);
            } else if (List.class.isAssignableFrom(t) && element(c.getGenericType()) instanceof Class<?> e && e.isRecord()) {
                keys(key + "[].", e, out);
            } else {
                out.add(key);
            }
        }
    }

    private static Type element(Type list) {
        return list instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : null;
    }
}
