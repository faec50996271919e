/**
 * The agent's SLF4J backend: one line per event to stderr (journald priorities when stderr is the journal) and an
 * optional size-rotated file; the level follows the config's {@code log:} section, also on reload.
 */
package org.ecogate.agent.runtime.log;
