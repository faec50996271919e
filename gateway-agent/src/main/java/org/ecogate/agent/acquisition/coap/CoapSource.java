package org.ecogate.agent.acquisition.coap;

import com.fasterxml.jackson.databind.JsonNode;
import org.ecogate.agent.acquisition.Backoff;
import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.config.Transport;
import org.ecogate.agent.config.PointConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A CoAP resource read by GET every cycle, or observed (Observe): then each poll reports the latest
 * notification while it is fresh (younger than its Max-Age plus one interval) and comm_fault otherwise, never an
 * older value. Points are JSON pointers into a json/cbor payload, or the plain number itself. Failures follow
 * {@link Backoff}. One poller thread calls {@link #poll}; notifications arrive on Californium's threads.
 */
public final class CoapSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(CoapSource.class);

    private final DeviceConfig d;
    private final Transport.Coap coap;
    private final String where;
    private final Backoff backoff;
    private CoapClient client;
    private CoapObserveRelation relation;
    private volatile Notification latest;
    private volatile String observeError;
    private boolean online = true;
    private final java.util.Set<String> missingLogged = new java.util.HashSet<>();

    private record Notification(JsonNode tree, long receivedNanos, long maxAgeMs) {}

    private CoapSource(DeviceConfig d) {
        if (!(d.transport() instanceof Transport.Coap c)) {
            throw new IllegalArgumentException("device \"" + d.id() + "\": not a CoAP device (" + d.transport().name() + ")");
        }
        this.d = d;
        this.coap = c;
        this.where = "device \"" + d.id() + "\" (" + c.uri() + ")";
        this.backoff = new Backoff(d.offlineAfter(), d.probe(), d.id().hashCode());
    }

    public static CoapSource create(DeviceConfig d) {
        return new CoapSource(d);
    }

    @Override
    public String deviceId() {
        return d.id();
    }

    @Override
    public boolean online() {
        return online;
    }

    @Override
    public java.util.Map<String, String> deviceStates() {
        return java.util.Map.of(d.id(), backoff.state());
    }

    @Override
    public java.util.Map<String, Failure> lastFailures() {
        Failure f = lastFailure;
        return f == null ? java.util.Map.of() : java.util.Map.of(d.id(), f);
    }

    /** For the status page: written by the poller, read by the status thread. */
    private volatile Failure lastFailure;

    @Override
    public List<Reading> poll(long nowMs) {
        if (!backoff.due(nowMs)) return missing(nowMs, Quality.COMM_FAULT);
        String failure;
        JsonNode tree = null;
        try {
            if (client == null) client = CoapClients.create(coap.uri(), d.timeout().toMillis(), coap.pskIdentity(), coap.pskKey());
            if (coap.observe()) {
                if (relation == null || relation.isCanceled() || observeError != null) {
                    startObserving();
                    // the registration's response is the first notification: wait for it (up to the timeout) so the
                    // first cycle is not reported comm_fault (and backed off) just because it was still in flight
                    long end = System.nanoTime() + d.timeout().toNanos();
                    while (latest == null && observeError == null && System.nanoTime() < end) Thread.sleep(5);
                }
                Notification n = latest;
                long freshMs = n == null ? -1 : n.maxAgeMs() + d.interval().toMillis();
                failure = n == null ? "no notification yet" : (System.nanoTime() - n.receivedNanos()) / 1_000_000 > freshMs
                        ? "no notification for " + (System.nanoTime() - n.receivedNanos()) / 1_000_000 + " ms" : null;
                if (observeError != null) failure = observeError;
                if (failure == null) tree = n.tree();
            } else {
                CoapResponse r = client.get();
                if (r == null) failure = "timeout after " + d.timeout().toMillis() + " ms";
                else if (!r.isSuccess()) failure = "response " + r.getCode();
                else {
                    tree = Payloads.parse(coap.payload(), r.getPayload());
                    failure = null;
                }
            }
        } catch (Exception e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (failure != null) {
            lastFailure = new Failure(failure, nowMs);
            if (online) log.warn("{}: no data ({}); its readings are marked comm_fault until it answers", where, failure);
            online = false;
            backoff.failed(nowMs);
            if (relation != null && observeError != null) stopObserving();
            return missing(nowMs, Quality.COMM_FAULT);
        }
        if (!online) log.info("{}: answering again after {} failed cycles", where, backoff.failures());
        online = true;
        backoff.succeeded();
        List<Reading> out = new ArrayList<>(d.points().size());
        for (PointConfig p : d.points()) out.add(reading(p, tree, nowMs));
        return out;
    }

    private Reading reading(PointConfig p, JsonNode tree, long nowMs) {
        String id = d.id() + "." + p.name();
        Double v = Payloads.number(tree, p.pointer());
        if (v == null) {
            if (missingLogged.add(p.name())) log.warn("{}: point {}: no number at {} in the payload", where, p.name(), p.pointer());
            return Reading.missing(id, nowMs, tree.at(p.pointer() == null ? "" : p.pointer()).isMissingNode() ? Quality.CONFIG_ERROR : Quality.OUT_OF_RANGE);
        }
        double x = v * (p.scale() == null ? 1 : p.scale()) + (p.offset() == null ? 0 : p.offset());
        if (Double.isNaN(x) || Double.isInfinite(x) || (p.min() != null && x < p.min()) || (p.max() != null && x > p.max())) {
            return Reading.missing(id, nowMs, Quality.OUT_OF_RANGE);
        }
        return Reading.good(id, nowMs, x);
    }

    private void startObserving() {
        stopObserving();
        observeError = null;
        relation = client.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse r) {
                if (!r.isSuccess()) {
                    observeError = "response " + r.getCode();
                    return;
                }
                try {
                    Long maxAge = r.getOptions().getMaxAge();
                    latest = new Notification(Payloads.parse(coap.payload(), r.getPayload()), System.nanoTime(),
                            (maxAge == null ? 60 : maxAge) * 1000);
                } catch (Exception e) {
                    latest = null;
                    observeError = "bad payload: " + e.getMessage();
                }
            }

            @Override
            public void onError() {
                observeError = "observe failed (timeout or rejected)";
            }
        });
    }

    private void stopObserving() {
        if (relation != null) {
            relation.proactiveCancel();
            relation = null;
        }
        latest = null;
    }

    private List<Reading> missing(long nowMs, Quality q) {
        List<Reading> out = new ArrayList<>(d.points().size());
        for (PointConfig p : d.points()) out.add(Reading.missing(d.id() + "." + p.name(), nowMs, q));
        return out;
    }

    @Override
    public void close() {
        try {
            if (relation != null) relation.reactiveCancel();
        } catch (RuntimeException ignored) {
            // closing
        }
        CoapClients.close(client);
        client = null;
    }
}
