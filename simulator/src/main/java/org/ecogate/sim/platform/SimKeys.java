package org.ecogate.sim.platform;

import org.ecogate.sync.GatewayKeys;
import org.ecogate.sync.KeyFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated platform's key options, read with the one {@link KeyFile} format of gateway and receiver. Stateless.
 * Trap: errors name the option, the gateway and the file, never a key.
 */
final class SimKeys {
    private SimKeys() {}

    /** {@code --key-file [GATEWAY=]FILE} and {@code --key GATEWAY=KEY} into one map; IOException/IAE naming the option. */
    static Map<String, byte[]> read(List<String> keyFiles, Map<String, String> inline) throws IOException {
        Map<String, byte[]> k = new HashMap<>();
        for (String spec : keyFiles) {
            int eq = spec.indexOf('=');
            Path file = Path.of(eq < 0 ? spec : spec.substring(eq + 1));
            String gw;
            try {
                gw = eq < 0 ? KeyFile.gatewayOf(file) : GatewayKeys.checkGateway(spec.substring(0, eq));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--key-file " + file + ": " + e.getMessage()
                        + (eq < 0 ? "; name the gateway: --key-file GATEWAY=" + file : ""));
            }
            k.put(gw, KeyFile.read(file));
        }
        for (Map.Entry<String, String> e : inline.entrySet()) {
            try {
                GatewayKeys.checkGateway(e.getKey());
                k.put(e.getKey(), KeyFile.parse(e.getValue().getBytes(StandardCharsets.UTF_8), "gateway " + e.getKey()));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("--key: " + x.getMessage());
            } catch (IOException x) {
                throw new IOException("--key " + x.getMessage());
            }
        }
        return k;
    }

    /** The directory's keys, with the explicitly given ones taking precedence. */
    static GatewayKeys withDirectory(GatewayKeys dir, Map<String, byte[]> given) {
        GatewayKeys fixed = GatewayKeys.of(given);
        return new GatewayKeys() {
            @Override
            public byte[] key(String gateway) {
                byte[] k = fixed.key(gateway);
                return k != null ? k : dir.key(gateway);
            }

            @Override
            public List<byte[]> keys(String gateway) {
                List<byte[]> k = fixed.keys(gateway);
                return k.isEmpty() ? dir.keys(gateway) : k;
            }

            @Override
            public List<String> problems() {
                return dir.problems();
            }

            @Override
            public boolean required() {
                return true;
            }
        };
    }
}
