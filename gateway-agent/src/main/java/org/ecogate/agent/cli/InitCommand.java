package org.ecogate.agent.cli;

import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.ConfigTemplates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ecogate init}: writes a commented config from a template and the gateway's HMAC key file beside it. */
@Command(mixinStandardHelpOptions = true, name = "init",
        description = "Write a commented config from a template (box, local) and generate the gateway's HMAC key file.")
final class InitCommand implements Callable<Integer> {
    @Option(names = {"-t", "--template"}, defaultValue = "box", paramLabel = "NAME",
            description = "box (a gateway box: /var/lib/ecogate) or local (the simulated plant on this machine); default ${DEFAULT-VALUE}")
    String template;

    @Option(names = {"-o", "--out", "-c", "--config"}, defaultValue = "ecogate.yaml", paramLabel = "FILE",
            description = "config file to write (never overwritten); default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = {"-g", "--gateway"}, paramLabel = "ID", description = "this gateway's id (default: the host name)")
    String gateway;

    @Option(names = "--key-file", paramLabel = "FILE", description = "HMAC key file (default: hmac.key beside the config; kept if it exists)")
    Path keyFile;

    @Option(names = "--key-only", description = "only generate the key file (--key-file) if it is missing")
    boolean keyOnly;

    @Override
    public Integer call() throws Exception {
        if (keyOnly) {
            if (keyFile == null) {
                System.err.println("error: --key-only needs --key-file FILE");
                return Main.INVALID;
            }
            boolean created = ConfigTemplates.writeKeyIfAbsent(keyFile);
            System.out.println((created ? "generated " : "kept existing ") + "HMAC key " + keyFile);
            return Main.OK;
        }
        String id = gateway != null ? gateway : hostId();
        String text;
        try {
            text = ConfigTemplates.render(template, id);
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return Main.INVALID;
        }
        Path key = keyFile != null ? keyFile : out.toAbsolutePath().resolveSibling("hmac.key");
        if (keyFile != null) text = text.replace("keyFile: hmac.key", "keyFile: " + keyFile.toAbsolutePath());
        try {
            ConfigTemplates.writeNew(out, text);
        } catch (FileAlreadyExistsException e) {
            System.err.println("error: " + out + " exists: init never overwrites a config (move it away or choose --out)");
            return Main.INVALID;
        }
        boolean newKey = ConfigTemplates.writeKeyIfAbsent(key);
        try {
            ConfigLoader.load(out);
        } catch (ConfigException e) {
            System.err.println("error: the written config does not load: " + e.getMessage());
            return Main.FAILURE;
        }
        System.out.println("wrote " + out + " (template " + template + ", gateway " + id + ")");
        System.out.println((newKey ? "generated " : "kept existing ") + "HMAC key " + key
                + " (" + mode(key) + "; give the platform a copy: it rejects batches signed with another key)");
        System.out.println("next: edit the devices, then `ecogate config validate --probe -c " + out + "`");
        return Main.OK;
    }

    /** "mode 0600, only its owner reads it" as the file really is (a kept key may have been opened up to a group). */
    private static String mode(Path f) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> p = java.nio.file.Files.getPosixFilePermissions(f);
            int m = 0;
            for (java.nio.file.attribute.PosixFilePermission x : p) m |= 1 << (8 - x.ordinal());
            String who = (m & 0077) == 0 ? "only its owner reads it" : (m & 0007) == 0 ? "its owner and group read it" : "EVERYONE reads it: chmod 0600";
            return String.format("mode %04o, %s", m, who);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return "mode unknown";
        }
    }

    /** The host name as a gateway id (characters outside [A-Za-z0-9_-] become '-'), or "gateway". */
    private static String hostId() {
        String h;
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            h = System.getenv().getOrDefault("HOSTNAME", "gateway");
        }
        h = h.replaceAll("\\..*", "").replaceAll("[^A-Za-z0-9_-]", "-");
        return h.isEmpty() ? "gateway" : h.length() > 64 ? h.substring(0, 64) : h;
    }
}
