/**
 * The sync API: what the gateway agent and the platform embed. {@link org.ecogate.sync.SyncSender} with its
 * {@link org.ecogate.sync.SenderSource}, {@link org.ecogate.sync.SyncReceiver} with its {@link org.ecogate.sync.Sink},
 * their configs, stats and the wire records. Everything under {@code org.ecogate.sync.internal} (codec, engine,
 * transport) may change without notice; embedders import only this package.
 */
package org.ecogate.sync;
