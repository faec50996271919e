package org.ecogate.agent.detect;

/**
 * State of one piece of equipment. OFFLINE means "no data" and is never a stop; UNKNOWN means the detector
 * has not yet seen a state held for the debounce time (just started, or the equipment was just added).
 */
public enum EquipmentState { RUNNING, STOPPED, ABNORMAL, OFFLINE, UNKNOWN }
