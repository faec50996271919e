package org.ecogate.agent.uplink.hj212;

import org.ecogate.agent.model.Reading;

import java.util.Map;

/**
 * What the runtime shows an HJ 212 uplink of the present: the last reading per point and each equipment's state.
 * Implementations are thread-safe and return snapshots.
 */
public interface LiveData {
    /** Last reading per point id ("device.point"). */
    Map<String, Reading> latest();

    /** Equipment id to state name: RUNNING, STOPPED, ABNORMAL, OFFLINE or UNKNOWN. */
    Map<String, String> equipmentStates();

    /** Point id to the equipment it belongs to (its device's, see DetectionConfig#pointEquipment; others are absent). */
    Map<String, String> pointEquipment();

    /**
     * Whether the live values are worth sending: every device with a mapped point has completed a poll since start,
     * or a bound passed (a device that does not answer is then flagged B, which is what it is). Before that a 2011
     * would say B for values that are merely not read yet.
     */
    default boolean ready() {
        return true;
    }

    LiveData NONE = new LiveData() {
        @Override
        public Map<String, Reading> latest() {
            return Map.of();
        }

        @Override
        public Map<String, String> equipmentStates() {
            return Map.of();
        }

        @Override
        public Map<String, String> pointEquipment() {
            return Map.of();
        }
    };
}
