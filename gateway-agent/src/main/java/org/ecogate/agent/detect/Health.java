package org.ecogate.agent.detect;

/**
 * The plant's health colour: RED with an open treatment outage or a warning at level {@code alarm};
 * YELLOW with a warning at level {@code warn}, an open data gap or OFFLINE equipment; GREEN otherwise.
 */
public enum Health { GREEN, YELLOW, RED }
