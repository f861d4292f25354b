import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The MongoDB stand-in for machines without mongod: mongo-java-server on 127.0.0.1 (or on the address in
 * MONGO_STAND_IN_BIND, as in the local cluster's image).
 *
 * Usage: java MongoStandIn PORT [H2_FILE]. Without a file the data lives in memory (test platforms); with one it
 * is kept in an H2 MVStore file and survives restarts (npm start). The server reports MongoDB 5.0 with wire
 * version 13, the lowest the MongoDB Node.js driver 7 accepts (its own default, wire version 8, is refused).
 * serverStatus carries metrics.commands.NAME.total as mongod's does, so benchmarks can count writes.
 */
public final class MongoStandIn {
    private static final MongoVersion MONGO_5_0_WIRE_13 = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(5, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 13;
        }
    };

    private static final Map<String, LongAdder> COMMANDS = new ConcurrentHashMap<>();

    private MongoStandIn() {
    }

    private static void count(String command) {
        COMMANDS.computeIfAbsent(command, name -> new LongAdder()).increment();
    }

    private static Document withCommandCounts(Document status) {
        Document commands = new Document();
        COMMANDS.forEach((name, total) -> commands.put(name, new Document("total", total.sum())));
        status.put("metrics", new Document("commands", commands));
        return status;
    }

    private static MongoBackend inMemory() {
        return new MemoryBackend() {
            @Override
            public Document handleCommand(Channel channel, String database, String command, Document query) {
                count(command);
                return super.handleCommand(channel, database, command, query);
            }

            @Override
            public Document getServerStatus() {
                return withCommandCounts(super.getServerStatus());
            }
        };
    }

    private static MongoBackend inFile(String file) {
        return new H2Backend(file) {
            @Override
            public Document handleCommand(Channel channel, String database, String command, Document query) {
                count(command);
                return super.handleCommand(channel, database, command, query);
            }

            @Override
            public Document getServerStatus() {
                return withCommandCounts(super.getServerStatus());
            }
        };
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: MongoStandIn PORT [H2_FILE]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        MongoBackend backend = args.length == 2 ? inFile(args[1]) : inMemory();
        backend.version(MONGO_5_0_WIRE_13);
        MongoServer server = new MongoServer(backend);
        // SIGTERM runs the hook: the H2 store is committed and closed, so nothing acknowledged is lost.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            backend.close();
        }));
        // Loopback unless told otherwise: in a cluster (infra/docker/mongo-stand-in) other pods connect to it.
        String host = System.getenv().getOrDefault("MONGO_STAND_IN_BIND", "127.0.0.1");
        server.bind(host, port);
        System.out.println("mongo-java-server listening on " + host + ":" + port
                + (args.length == 2 ? " (H2 file " + args[1] + ")" : " (in memory)"));
    }
}
