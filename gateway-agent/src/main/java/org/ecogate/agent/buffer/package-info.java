/**
 * The store interface the agent commits poll cycles to and the uplinks read from ({@link org.ecogate.agent.buffer.Buffer}),
 * with its value types and settings. Implementations live in sub-packages ({@code sqlite}); only the runtime
 * names them. May use config and model.
 */
package org.ecogate.agent.buffer;
