package org.ecogate.sim.platform;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ecogate-sim webhook}: a loopback webhook printing each outage notice it receives (once per key). */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "Receive outage notices on a loopback HTTP webhook and print them.")
public final class WebhookCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8089", description = "loopback port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--refuse-first", defaultValue = "0", description = "answer the first N requests 503 (to see retries)")
    int refuseFirst;

    @Override
    public Integer call() throws Exception {
        try (WebhookReceiver w = new WebhookReceiver(port, refuseFirst)) {
            w.onNotice(body -> System.out.println(body));
            System.out.println("webhook: receiving notices on " + w.url());
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
