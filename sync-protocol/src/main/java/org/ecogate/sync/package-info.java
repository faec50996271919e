/**
 * The sync API: what the gateway agent and the platform embed (see PROTOCOL.md). A sender speaks the protocol
 * version its {@link org.ecogate.sync.Encoding} names (v2 by default: binary batches, acks, status and commands on
 * {@code ecogate/v2/}); a receiver reads v1 and v2 side by side. Everything under {@code org.ecogate.sync.internal}
 * (codec with one class per protocol version, engine, transport) may change without notice; embedders import only
 * this package.
 *
 * <h2>Platform side</h2>
 * <ul>
 *   <li>{@link org.ecogate.sync.ReceiverCore}: transport-independent receiver; hand it (topic, bytes), publish the
 *       {@link org.ecogate.sync.ReceiverCore.Reply replies} it returns.</li>
 *   <li>{@link org.ecogate.sync.SyncReceiver}: the core over MQTT (optionally a shared subscription), configured by
 *       {@link org.ecogate.sync.ReceiverConfig#builder(String)}.</li>
 *   <li>{@link org.ecogate.sync.Sink}: the platform's store; each {@link org.ecogate.sync.Commit} stores records and
 *       moves the stream's {@link org.ecogate.sync.CommittedRange} in one transaction, as a compare-and-set so
 *       concurrent receivers cannot interleave a stream. Every sink should pass {@code SinkContract} (test-jar).</li>
 *   <li>{@link org.ecogate.sync.GatewayKeys}: the HMAC key of each gateway.</li>
 * </ul>
 *
 * <h2>Gateway side</h2>
 * {@link org.ecogate.sync.SyncSender} drains a {@link org.ecogate.sync.SenderSource} (the gateway's buffer), configured
 * by {@link org.ecogate.sync.SenderConfig#builder(String, String)} with the defaults and bounds of
 * {@link org.ecogate.sync.SenderSettings}.
 *
 * <p>Values ({@link org.ecogate.sync.Batch}, {@link org.ecogate.sync.SyncRecord}, {@link org.ecogate.sync.Ack},
 * {@link org.ecogate.sync.StreamKey}) are immutable records checked where they are built.
 */
package org.ecogate.sync;
