/**
 * Reading devices: the tiny {@link org.ecogate.agent.acquisition.Source} interface and the reconnect backoff;
 * one sub-package per protocol ({@code modbus}, {@code coap}) that never know each other. May use config and
 * model; never buffer, detect, uplink, runtime or cli.
 */
package org.ecogate.agent.acquisition;
