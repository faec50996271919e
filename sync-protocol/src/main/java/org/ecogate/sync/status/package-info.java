/**
 * The gateway agent's local status contract: {@link org.ecogate.sync.status.AgentStatus} (the status file) and
 * {@link org.ecogate.sync.status.StreamCounters} (per-stream buffer counters). Shared here so the agent, its CLI
 * and the simulator's demo read one typed record. Plain Jackson records; nothing of the wire protocol.
 */
package org.ecogate.sync.status;
