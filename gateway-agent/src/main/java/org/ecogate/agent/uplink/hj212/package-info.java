/**
 * The HJ 212 uplink: a TCP client per platform configured under {@code hj212:}, fed from the buffer (through its
 * interface and the per-uplink cursors) and from the runtime's live view; the codec is org.ecogate.hj212 in
 * sync-protocol. Must not know other uplink kinds or the runtime.
 */
package org.ecogate.agent.uplink.hj212;
