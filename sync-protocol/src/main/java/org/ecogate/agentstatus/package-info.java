/**
 * The gateway agent's local status file, not the wire protocol: {@link org.ecogate.agentstatus.AgentStatus} (the
 * file beside the buffer) and {@link org.ecogate.agentstatus.StreamCounters} (per-stream buffer counters). Shipped in
 * the sync-protocol jar only so that the agent, its CLI and the simulator's demo (which must not depend on the agent)
 * read one typed record. Plain Jackson records; nothing here is ever sent to a platform.
 */
package org.ecogate.agentstatus;
