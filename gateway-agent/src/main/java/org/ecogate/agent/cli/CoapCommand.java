package org.ecogate.agent.cli;

import org.ecogate.agent.acquisition.coap.CoapClients;
import org.ecogate.agent.acquisition.coap.Payloads;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
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
        @Option(names = "--timeout", defaultValue = "5s", converter = DurationArg.class, paramLabel = "DURATION",
                description = "how long to wait for an answer, e.g. 500ms, 5s (default ${DEFAULT-VALUE}; a bare number is ms)")
        java.time.Duration timeoutArg;
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
            long timeout = timeoutArg.toMillis();
            CoapClient c = CoapClients.create(uri, timeout, identity, key);
            try {
                if (!observe) {
                    CoapResponse r = c.get();
                    if (r == null) {
                        System.err.println("error: no answer from " + uri + " within " + org.ecogate.agent.config.Durations.format(timeoutArg));
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
            String text = payloadText(r);
            if (json) {
                com.fasterxml.jackson.databind.node.ObjectNode o = ModbusCommand.JSON.createObjectNode().put("code", r.getCode().toString());
                int cf = r.getOptions().getContentFormat();
                if (cf == MediaTypeRegistry.APPLICATION_CBOR || cf == MediaTypeRegistry.APPLICATION_JSON) { // the payload as JSON, not a string of it
                    try {
                        o.set("payload", ModbusCommand.JSON.readTree(text));
                    } catch (java.io.IOException e) {
                        o.put("payload", text);
                    }
                } else {
                    o.put("payload", text);
                }
                System.out.println(o);
            } else {
                System.out.println(r.getCode() + " " + text);
            }
        }

        /** The payload as text: CBOR (content format 60) decoded to JSON; other binary payloads as hex. */
        static String payloadText(CoapResponse r) {
            byte[] p = r.getPayload() == null ? new byte[0] : r.getPayload();
            int cf = r.getOptions().getContentFormat();
            if (cf == MediaTypeRegistry.APPLICATION_CBOR) {
                try {
                    return ModbusCommand.JSON.writeValueAsString(Payloads.parse("cbor", p));
                } catch (java.io.IOException e) {
                    return "(CBOR that does not decode: " + e.getMessage().lines().findFirst().orElse("") + ") " + hex(p);
                }
            }
            if (cf != MediaTypeRegistry.UNDEFINED && !MediaTypeRegistry.isPrintable(cf)) return "(" + MediaTypeRegistry.toString(cf) + ", " + p.length + " bytes) " + hex(p);
            return r.getResponseText();
        }

        private static String hex(byte[] p) {
            StringBuilder sb = new StringBuilder();
            for (byte b : p) sb.append(String.format("%02x", b & 0xFF));
            return sb.toString();
        }
    }
}
