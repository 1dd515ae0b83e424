package org.tern.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tern.bench.client.ScramClient;
import org.tern.core.sasl.ChannelBindingData;
import org.tern.core.sasl.SaslMechanisms;
import org.tern.core.sasl.SaslServerMechanism;
import org.tern.core.sasl.SaslStep;
import org.tern.core.sasl.Scram;
import org.tern.core.sasl.ScramAlgorithm;
import org.tern.core.sasl.StoredCredentials;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SCRAM-SHA-1 as a login pays it: the server's whole exchange (server-first with a fresh nonce,
 * client-final verification, server signature) with the stored credential in memory, the client's
 * part with its salted password cached (as the load generator and real clients do); and the
 * PBKDF2 derivation that account creation (and a client without cache) pays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScramBenchmark {
    private static final String PASSWORD = "bench-secret";

    private SaslMechanisms mechanisms;

    @Setup
    public void setup() {
        var cred = Scram.derive(ScramAlgorithm.SHA_1, Scram.preparePassword(PASSWORD), 4096);
        StoredCredentials stored = new StoredCredentials("bench", Map.of(ScramAlgorithm.SHA_1, cred));
        mechanisms = new SaslMechanisms("localhost", u -> CompletableFuture.completedFuture(Optional.of(stored)),
                new byte[32], 4096);
    }

    /** Server and client side of one SCRAM-SHA-1 authentication. */
    @Benchmark
    public Object exchange() throws Exception {
        ScramClient client = new ScramClient(ScramClient.Algorithm.SHA_1, "bench", PASSWORD);
        SaslServerMechanism m = mechanisms.start("SCRAM-SHA-1", true, ChannelBindingData.none()).orElseThrow();
        SaslStep first = m.evaluate(Base64.getDecoder().decode(client.clientFirst())).toCompletableFuture().join();
        String serverFirst = Base64.getEncoder().encodeToString(((SaslStep.Challenge) first).data());
        byte[] clientFinal = Base64.getDecoder().decode(client.clientFinal(serverFirst));
        SaslStep done = m.evaluate(clientFinal).toCompletableFuture().join();
        if (!(done instanceof SaslStep.Success s)
                || !client.verifyServerFinal(Base64.getEncoder().encodeToString(s.additionalData()))) {
            throw new IllegalStateException("SCRAM failed: " + done);
        }
        return s;
    }

    /** PBKDF2 with 4096 iterations: what creating an account costs per algorithm. */
    @Benchmark
    public Object derive() {
        return Scram.derive(ScramAlgorithm.SHA_1, PASSWORD, 4096);
    }
}
