/**
 * Wiring, scheduling and lifecycle of the agent ({@link org.ecogate.agent.runtime.Agent}), the one place that
 * knows every implementation (sources, SQLite buffer, uplinks), the status file and the views commands read,
 * the JSON of detector outputs and the readings-file replay. Must not know cli.
 */
package org.ecogate.agent.runtime;
