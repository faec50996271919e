/**
 * Ways buffered records leave the gateway, each behind {@link org.ecogate.agent.uplink.Uplink}: {@code sync}
 * (the ecogate sync protocol over MQTT) and, beside it, {@code hj212}. May read the buffer through its
 * interface, never buffer.sqlite; uplink kinds never know each other.
 */
package org.ecogate.agent.uplink;
