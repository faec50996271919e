package org.ecogate.agent.runtime;

/**
 * The agent config of the tests' small plant: gateway gw1 buffering to agent.db, fan1 (current, a run bit) and the
 * production meter line1 (kwh) polled every 200 ms, with the detection section a test gives.
 */
public final class FanLinePlant {
    /** The lines down to (not including) {@code devices:}. */
    public static final String HEAD = """
            gateway: gw1
            buffer: {path: agent.db}
            uplink:
              broker: tcp://127.0.0.1:1883
            """;

    private FanLinePlant() {
    }

    /** The whole config: {@link #HEAD}, the two devices, then {@code detection} (indented YAML starting "detection:"). */
    public static String yaml(String detection) {
        return HEAD + """
                devices:
                  - id: fan1
                    host: 127.0.0.1
                    interval: 200ms
                    points:
                      - {name: current, address: 0, table: holding, type: float32}
                      - {name: run, address: 2, table: holding, type: bit, bit: 0}
                  - id: line1
                    host: 127.0.0.1
                    interval: 200ms
                    points:
                      - {name: kwh, address: 0, table: holding, type: float32}
                """ + detection;
    }
}
