/**
 * CoAP and CoAPS (DTLS PSK) sources (Californium) and payload decoding (json, number, cbor).
 * Must not know modbus or anything above acquisition.
 */
package org.ecogate.agent.acquisition.coap;
