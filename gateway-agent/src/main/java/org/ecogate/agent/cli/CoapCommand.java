package org.ecogate.agent.cli;

import org.ecogate.agent.acquisition.coap.CoapClients;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code ecogate coap get URI [--observe]}: fetch or observe a CoAP resource (coaps:// with --psk-identity/--psk-key). */
@Command(mixinStandardHelpOptions = true, name = "coap", description = "CoAP client.", subcommands = {CoapCommand.Get.class})
public final class CoapCommand {
    @Command(mixinStandardHelpOptions = true, name = "get", description = "GET a resource once, or --observe it and print each notification.")
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "URI")
        String uri;
        @Option(names = "--observe")
        boolean observe;
        @Option(names = "--count", defaultValue = "0", description = "with --observe: stop after this many notifications (0 = until Ctrl-C)")
        int count;
        @Option(names = "--timeout", defaultValue = "5000", description = "ms")
        long timeout;
        @Option(names = "--psk-identity")
        String identity;
        @Option(names = "--psk-key", description = "text, or hex with 0x")
        String key;
        @Option(names = "--json", description = "print JSON lines {code, payload}")
        boolean json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!uri.matches("coaps?://[^/\\s]+.*")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "URI '" + uri + "': expected coap://host[:port]/path (or coaps:// with --psk-identity and --psk-key)");
            }
            CoapClient c = CoapClients.create(uri, timeout, identity, key);
            try {
                if (!observe) {
                    CoapResponse r = c.get();
                    if (r == null) {
                        System.err.println("error: no answer from " + uri + " within " + timeout + " ms");
                        return Main.UNREACHABLE;
                    }
                    print(r);
                    return r.isSuccess() ? Main.OK : Main.FAILURE;
                }
                CountDownLatch n = new CountDownLatch(count <= 0 ? Integer.MAX_VALUE : count);
                CoapObserveRelation rel = c.observe(new CoapHandler() {
                    @Override
                    public void onLoad(CoapResponse r) {
                        print(r);
                        n.countDown();
                    }

                    @Override
                    public void onError() {
                        System.err.println("error: observe of " + uri + " failed");
                        while (n.getCount() > 0) n.countDown();
                    }
                });
                n.await(count <= 0 ? Long.MAX_VALUE : timeout * count, TimeUnit.MILLISECONDS);
                rel.proactiveCancel();
                return n.getCount() == 0 ? Main.OK : Main.UNREACHABLE;
            } finally {
                CoapClients.close(c);
            }
        }

        private synchronized void print(CoapResponse r) {
            if (json) {
                System.out.println(ModbusCommand.JSON.createObjectNode().put("code", r.getCode().toString())
                        .put("payload", r.getResponseText()));
            } else {
                System.out.println(r.getCode() + " " + r.getResponseText());
            }
        }
    }
}
