/**
 * Value types shared by every layer: {@link org.ecogate.agent.model.Reading} and its quality.
 * Records and enums only; imports nothing of the agent. Must not hold logic that needs config, I/O or a clock.
 */
package org.ecogate.agent.model;
