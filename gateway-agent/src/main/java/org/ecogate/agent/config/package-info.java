/**
 * The one home of configuration: {@link org.ecogate.agent.config.ConfigLoader} reads the whole YAML (devices,
 * buffer, uplink, detection) into immutable records; errors name file, line and field. Equipment templates
 * (resources /templates/KIND.yaml: points and rules) load here; {@link org.ecogate.agent.config.ConfigOverlay} lays
 * the platform's accepted config over the admin's file. May use model only; never detect, runtime or cli.
 */
package org.ecogate.agent.config;
