/**
 * The agent side of the ecogate sync protocol: the sync-protocol sender wired to the buffer and configured
 * from the {@code uplink} section. Must not know other uplink kinds or the runtime.
 */
package org.ecogate.agent.uplink.sync;
