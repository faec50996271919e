/**
 * Wiring, scheduling and lifecycle of the agent ({@link org.ecogate.agent.runtime.Agent}), the one place that
 * knows every implementation (sources, SQLite buffer, uplinks), the status file and the views commands read,
 * the JSON of detector outputs and the readings-file replay. One class runs a poll cycle
 * ({@link org.ecogate.agent.runtime.Cycle}); one applies a new config, whoever asks
 * ({@link org.ecogate.agent.runtime.Reconfigure}). Must not know cli.
 */
package org.ecogate.agent.runtime;
