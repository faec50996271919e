/**
 * The agent's local web server on loopback: the technician's page, JSON for {@code ecogate values}, Prometheus
 * {@code /metrics}, and the client {@code ecogate values} reads it with. Reads runtime views only; started by
 * the run command (runtime must not know web).
 */
package org.ecogate.agent.web;
