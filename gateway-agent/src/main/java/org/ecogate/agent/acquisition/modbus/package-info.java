/**
 * Modbus TCP, RTU and RTU-over-TCP sources (j2mod), point decoding and the request planner.
 * One poller thread per connection (j2mod's transaction id is global). Must not know coap or anything above
 * acquisition.
 */
package org.ecogate.agent.acquisition.modbus;
