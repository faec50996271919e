/** Internal: the own MQTT 3.1.1 client the sender and receiver run on. Not for embedders. */
package org.ecogate.sync.internal.transport;
