package org.ecogate.sim.modbus;

/**
 * A fault a simulated Modbus server injects into its answers, to test clients. Immutable.
 *
 * @param kind what goes wrong
 * @param code the exception code for {@link Kind#EXCEPTION} (1..255), else 0
 */
public record Fault(Kind kind, int code) {
    public enum Kind {
        /** Answers normally. */
        NONE,
        /** Answers every request with this exception code (02 illegal address, 06 busy, ...). */
        EXCEPTION,
        /** Answers reads with a well-formed frame holding one register (or byte of bits) less than asked. */
        WRONG_COUNT,
        /** Answers with random bytes instead of a frame. */
        GARBAGE,
        /** Closes the connection on each request (a flapping device or serial server). */
        DROP,
        /** Answers in the name of another unit id (the request's + 1): a cheap serial server mixing up units. */
        WRONG_UNIT,
        /** Answers reads with the neighbouring read function code (3 &lt;-&gt; 4, 1 &lt;-&gt; 2), same payload. */
        WRONG_FUNCTION,
        /** Modbus TCP: answers with another transaction id (the request's + 1). */
        WRONG_TRANSACTION
    }

    /** The unit id the answer carries for a request to {@code unit}. */
    public int unitFor(int unit) {
        return kind == Kind.WRONG_UNIT ? (unit + 1) & 0xFF : unit;
    }

    /** The transaction id the answer carries for a request with {@code transactionId}. */
    public int transactionFor(int transactionId) {
        return kind == Kind.WRONG_TRANSACTION ? (transactionId + 1) & 0xFFFF : transactionId;
    }

    public static final Fault NONE = new Fault(Kind.NONE, 0);

    public static Fault exception(int code) {
        return new Fault(Kind.EXCEPTION, code);
    }

    public static Fault of(Kind kind) {
        return new Fault(kind, 0);
    }

    /** The response PDU after this fault is applied to {@code response}, the answer to {@code request}; null = no frame. */
    public byte[] apply(byte[] request, byte[] response, java.util.Random random) {
        int fc = request.length == 0 ? 0 : request[0] & 0xFF;
        return switch (kind) {
            case NONE, DROP, WRONG_UNIT, WRONG_TRANSACTION -> response;
            case WRONG_FUNCTION -> {
                if (fc < 1 || fc > 4 || response.length == 0 || (response[0] & 0x80) != 0) yield response;
                byte[] r = response.clone();
                r[0] = (byte) (fc == 1 ? 2 : fc == 2 ? 1 : fc == 3 ? 4 : 3);
                yield r;
            }
            case EXCEPTION -> RequestHandler.exception(fc, code);
            case GARBAGE -> {
                byte[] g = new byte[3 + random.nextInt(12)];
                random.nextBytes(g);
                yield g;
            }
            case WRONG_COUNT -> {
                if (fc < 1 || fc > 4 || response.length < 3 || (response[0] & 0x80) != 0) yield response;
                int cut = fc <= 2 ? 1 : 2;
                byte[] r = java.util.Arrays.copyOf(response, Math.max(2, response.length - cut));
                r[1] = (byte) (r.length - 2);
                yield r;
            }
        };
    }
}
